import { declaredEnvVars } from './env-var.decorator';
import { KeelConfig } from './keel-config';

function defaultOf(name: string, secret: boolean): string {
  const value: unknown = (new KeelConfig() as unknown as Record<string, unknown>)[name];
  if (value === undefined) return '(unset)';
  if (secret) return '(secret)';
  if (Array.isArray(value)) return value.length === 0 ? '(empty)' : value.join(',');
  return String(value);
}

/** The table of docs/configuration.md, rendered from the schema so the two cannot drift. */
export function renderConfigurationTable(): string {
  const rows = declaredEnvVars(KeelConfig).map((variable) => {
    const type = variable.values ? `${variable.type}: ${variable.values.join(' \\| ')}` : variable.type;
    return `| \`${variable.name}\` | ${type} | \`${defaultOf(variable.name, variable.secret === true)}\` | ${variable.secret ? 'yes' : 'no'} | ${variable.description} |`;
  });
  return ['| variable | type | default | secret | description |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
