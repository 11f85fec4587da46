import 'reflect-metadata';

const CONFIG_SECTION = Symbol('keel:config-section');

/**
 * Names a config class for docs/configuration.md, which gives each class its
 * own heading: `@ConfigSection('Identity')` on `IdentityConfig`.
 */
export function ConfigSection(title: string): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(CONFIG_SECTION, title, target);
  };
}

/** The title given with @ConfigSection, or undefined for a class without one. */
export function configSectionOf(schema: object): string | undefined {
  return Reflect.getMetadata(CONFIG_SECTION, schema);
}
