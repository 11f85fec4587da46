import { readFileSync } from 'node:fs';
import { configTableIn, declaredEnvVars } from '@keel/platform-config';
import { KERNEL_CONFIG_SCHEMAS } from '@keel/platform-runtime';
import { keelConfigSchemas } from '@keel/schema';
import { CONFIGURATION_DOCUMENT, currentConfigurationReference } from './configuration-reference';

const REGENERATE = 'npm run docs:config';

describe('docs/configuration.md', () => {
  const documented = configTableIn(readFileSync(CONFIGURATION_DOCUMENT, 'utf8'));

  it('should hold exactly the variables the config classes declare', () => {
    try {
      expect(documented).toBe(currentConfigurationReference());
    } catch (error) {
      const diff = error instanceof Error ? error.message : String(error);
      throw new Error(
        `docs/configuration.md is out of date with the config classes. Regenerate it with:\n  ${REGENERATE}\n\n${diff}`,
      );
    }
  });

  it("should document every variable of the kernel and of every context, each once, under its context's heading", () => {
    const sections = documented.split(/^### /m).slice(1);
    const documentedBySection = sections.map((section) =>
      [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]),
    );

    expect(documentedBySection).toEqual(
      [...KERNEL_CONFIG_SCHEMAS, ...keelConfigSchemas].map((schema) => declaredEnvVars(schema).map((v) => v.name)),
    );
    expect(sections.map((section) => section.split('\n')[0])).toEqual([
      'Kernel',
      'Queue',
      'Mail',
      'Storage',
      'Identity',
      'Rate limits',
      'Tenancy',
      'Events',
      'Jobs',
      'Automation',
      'Release gates',
      'Billing',
      'Documents',
      'Admin',
      'AI tools',
    ]);
  });
});
