import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderConfigurationTable } from './configuration-doc';
import { configTableIn } from './configuration-doc-markers';
import { declaredEnvVars } from './env-var.decorator';
import { KeelConfig } from './keel-config';

const DOCUMENT = resolve(__dirname, '../../../../../docs/configuration.md');
const REGENERATE = 'npm run docs:config';

function documentedTable(): string {
  return configTableIn(readFileSync(DOCUMENT, 'utf8'));
}

describe('docs/configuration.md', () => {
  it('should hold exactly the table the KeelConfig schema renders', () => {
    const documented = documentedTable();
    try {
      expect(documented).toBe(renderConfigurationTable());
    } catch (error) {
      const diff = error instanceof Error ? error.message : String(error);
      throw new Error(
        `docs/configuration.md is out of date with KeelConfig. Regenerate its table with:\n  ${REGENERATE}\n\n${diff}`,
      );
    }
  });
});

describe('renderConfigurationTable', () => {
  const rows = renderConfigurationTable().split('\n').slice(2);

  it('should have one row per declared variable, in declaration order', () => {
    const names = rows.map((row) => /^\| `([A-Z0-9_]+)` \|/.exec(row)?.[1]);

    expect(names).toEqual(declaredEnvVars(KeelConfig).map((variable) => variable.name));
  });

  it('should show defaults, allowed values and secrecy', () => {
    expect(rows).toContain('| `PORT` | integer | `3000` | no | TCP port of the HTTP server (0 picks a free one). |');
    expect(rows.find((row) => row.startsWith('| `KEEL_ROLE` |'))).toContain('enum: all \\| api \\| worker | `all` |');
    expect(rows.find((row) => row.startsWith('| `DATABASE_URL` |'))).toContain('| url | `(unset)` | yes |');
    expect(rows.find((row) => row.startsWith('| `CORS_ORIGINS` |'))).toContain('| list | `(empty)` | no |');
  });
});
