import nx from '@nx/eslint-plugin';

/**
 * Module boundaries follow ../shared/DESIGN.md: apps → features → kernel,
 * and contexts depend on each other only in the direction
 * platform ← identity ← tenancy ← everything else.
 */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.nx',
      '**/.data',
      'libs/sdk/src/generated/**',
      'tools/bench/results/**',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // The apps read their version from the workspace manifest.
          allow: ['../../../package.json'],
          // Specs of every lib use the testing kit, which itself builds on those libs; production
          // code may not import it (see no-restricted-imports below), so this is no real cycle.
          ignoredCircularDependencies: [['platform-testing', '*']],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:kernel', 'type:sdk'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:kernel'] },
            { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: ['type:kernel'] },
            { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:sdk'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:feature', 'type:kernel', 'type:sdk'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:feature', 'type:kernel', 'type:sdk'] },
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform'] },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:platform', 'scope:identity'] },
            {
              sourceTag: 'scope:tenancy',
              onlyDependOnLibsWithTags: ['scope:platform', 'scope:identity', 'scope:tenancy'],
            },
            {
              sourceTag: 'scope:events',
              onlyDependOnLibsWithTags: ['scope:platform', 'scope:identity', 'scope:tenancy', 'scope:events'],
            },
            {
              sourceTag: 'scope:jobs',
              onlyDependOnLibsWithTags: ['scope:platform', 'scope:identity', 'scope:tenancy', 'scope:jobs'],
            },
            {
              sourceTag: 'scope:automation',
              onlyDependOnLibsWithTags: [
                'scope:platform',
                'scope:identity',
                'scope:tenancy',
                'scope:events',
                'scope:jobs',
                'scope:workflows',
                'scope:automation',
              ],
            },
            {
              // The platform operators' context works across every other one (reads, suspension, bundles).
              sourceTag: 'scope:admin',
              onlyDependOnLibsWithTags: [
                'scope:platform',
                'scope:identity',
                'scope:tenancy',
                'scope:events',
                'scope:jobs',
                'scope:workflows',
                'scope:automation',
                'scope:release-gates',
                'scope:admin',
              ],
            },
            {
              sourceTag: 'scope:billing',
              onlyDependOnLibsWithTags: [
                'scope:platform',
                'scope:identity',
                'scope:tenancy',
                'scope:events',
                'scope:jobs',
                'scope:billing',
              ],
            },
            {
              sourceTag: 'scope:release-gates',
              onlyDependOnLibsWithTags: [
                'scope:platform',
                'scope:identity',
                'scope:tenancy',
                'scope:events',
                'scope:release-gates',
              ],
            },
            // AI tools act as the caller through the contracts of workflows (projects, comments, activity), automation,
            // documents (search) and billing (usage).
            {
              sourceTag: 'scope:ai-tools',
              onlyDependOnLibsWithTags: [
                'scope:platform',
                'scope:identity',
                'scope:tenancy',
                'scope:events',
                'scope:jobs',
                'scope:workflows',
                'scope:automation',
                'scope:documents',
                'scope:billing',
                'scope:ai-tools',
              ],
            },
            {
              sourceTag: 'scope:documents',
              onlyDependOnLibsWithTags: [
                'scope:platform',
                'scope:identity',
                'scope:tenancy',
                'scope:events',
                'scope:jobs',
                'scope:documents',
              ],
            },
            {
              sourceTag: 'scope:workflows',
              onlyDependOnLibsWithTags: [
                'scope:platform',
                'scope:identity',
                'scope:tenancy',
                'scope:events',
                'scope:workflows',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', 'libs/platform/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@keel/platform-testing', message: 'The testing kit is for specs, test/ and tools/ only.' }],
        },
      ],
    },
  },
  {
    // Entry points and command-line tools talk to a terminal on purpose.
    files: ['tools/**/*.ts', 'apps/*/src/main.ts', 'test/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The house rule for test titles (docs/architecture.md): it('should …'), the behaviour a user would notice.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.name=/^(it|test)$/] > Literal:first-child:not([value=/^should\\b/])',
          message: "A test title says what should happen: it('should …').",
        },
        {
          selector:
            'CallExpression[callee.name=/^(it|test)$/] > TemplateLiteral:first-child > TemplateElement:first-child:not([value.raw=/^should\\b/])',
          message: "A test title says what should happen: it('should …').",
        },
        {
          selector:
            "CallExpression[callee.callee.object.name=/^(it|test)$/][callee.callee.property.name='each'] > Literal:first-child:not([value=/^should\\b/])",
          message: "A test title says what should happen: it.each(…)('should …').",
        },
      ],
    },
  },
];
