import { IsInt, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { ConfigSection } from './config-section.decorator';
import { renderConfigurationReference } from './configuration-doc';
import { toInteger } from './env-transforms';
import { declaredEnvVars, EnvVar } from './env-var.decorator';
import { KeelConfig } from './keel-config';

/** Stands in for a context's config class (a kernel lib may not import the contexts' own). */
@ConfigSection('Example context')
class ExampleContextConfig {
  @EnvVar({ type: 'integer', description: 'Lifetime of an example, in days.' })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  EXAMPLE_TTL_DAYS = 7;
}

class UntitledConfig {
  @EnvVar({ type: 'string', description: 'Anything.' })
  UNTITLED = 'x';
}

describe('renderConfigurationReference', () => {
  const reference = renderConfigurationReference([KeelConfig, ExampleContextConfig]);
  const lines = reference.split('\n');
  const rows = lines.filter((line) => /^\| `/.test(line));

  it('should give each class its own heading, in the order given, naming the class', () => {
    expect(lines.filter((line) => line.startsWith('#'))).toEqual(['### Kernel', '### Example context']);
    expect(reference).toContain('### Example context\n\nDeclared in `ExampleContextConfig`.\n\n| variable |');
  });

  it('should have one row per declared variable, in declaration order', () => {
    const names = rows.map((row) => /^\| `([A-Z0-9_]+)` \|/.exec(row)?.[1]);
    expect(names).toEqual(
      [...declaredEnvVars(KeelConfig), ...declaredEnvVars(ExampleContextConfig)].map((v) => v.name),
    );
  });

  it('should show defaults, allowed values and secrecy', () => {
    expect(rows).toContain('| `PORT` | integer | `3000` | no | TCP port of the HTTP server (0 picks a free one). |');
    expect(rows.find((row) => row.startsWith('| `KEEL_ROLE` |'))).toContain('enum: all \\| api \\| worker | `all` |');
    expect(rows.find((row) => row.startsWith('| `DATABASE_URL` |'))).toContain('| url | `(unset)` | yes |');
    expect(rows.find((row) => row.startsWith('| `CORS_ORIGINS` |'))).toContain('| list | `(empty)` | no |');
    expect(rows).toContain('| `EXAMPLE_TTL_DAYS` | integer | `7` | no | Lifetime of an example, in days. |');
  });

  it('should refuse a class without a section title', () => {
    expect(() => renderConfigurationReference([UntitledConfig])).toThrow(/UntitledConfig needs a @ConfigSection/);
  });
});
