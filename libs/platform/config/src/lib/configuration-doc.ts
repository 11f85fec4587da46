import type { ConfigSchema } from './config-schema';
import { configSectionOf } from './config-section.decorator';
import { declaredEnvVars } from './env-var.decorator';

function defaultOf(schema: ConfigSchema, name: string, secret: boolean): string {
  const value: unknown = (new schema() as Record<string, unknown>)[name];
  if (value === undefined) return '(unset)';
  if (secret) return '(secret)';
  if (Array.isArray(value)) return value.length === 0 ? '(empty)' : value.join(',');
  return String(value);
}

function renderTable(schema: ConfigSchema): string {
  const rows = declaredEnvVars(schema).map((variable) => {
    const type = variable.values ? `${variable.type}: ${variable.values.join(' \\| ')}` : variable.type;
    return `| \`${variable.name}\` | ${type} | \`${defaultOf(schema, variable.name, variable.secret === true)}\` | ${variable.secret ? 'yes' : 'no'} | ${variable.description} |`;
  });
  return ['| variable | type | default | secret | description |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

/**
 * The variables part of docs/configuration.md, rendered from the config
 * classes so the two cannot drift: one heading per class (its @ConfigSection
 * title), then its table, in the order the classes are given.
 */
export function renderConfigurationReference(schemas: readonly ConfigSchema[]): string {
  return schemas
    .map((schema) => {
      const title = configSectionOf(schema);
      if (title === undefined) throw new Error(`${schema.name} needs a @ConfigSection('<title>') for its heading.`);
      return [`### ${title}`, '', `Declared in \`${schema.name}\`.`, '', renderTable(schema)].join('\n');
    })
    .join('\n\n');
}
