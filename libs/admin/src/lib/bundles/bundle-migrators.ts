import { BUNDLE_VERSION, BundleContent, BundleRow } from './bundle-format';
import { MEMBERS_TABLE } from './bundle-tables';

/** Upgrades a bundle's content from one format version to the next. */
export interface BundleMigrator {
  from: number;
  to: number;
  /** What changed, for the docs and the import's record. */
  change: string;
  migrate(content: BundleContent): BundleContent;
}

/**
 * Every format change since version 1, in order. A change to what a bundle
 * holds adds one here and raises BUNDLE_VERSION, so bundles written before
 * it still import.
 */
export const BUNDLE_MIGRATORS: readonly BundleMigrator[] = [
  {
    from: 1,
    to: 2,
    change: "members: `role` renamed `roleKey` (it holds the role's key, not its name)",
    migrate: (content) => ({
      ...content,
      tables: {
        ...content.tables,
        [MEMBERS_TABLE]: (content.tables[MEMBERS_TABLE] ?? []).map(({ role, ...rest }: BundleRow) => ({
          ...rest,
          roleKey: role,
        })),
      },
    }),
  },
];

/** The content upgraded to BUNDLE_VERSION by each migrator in turn; the manifest then says that version. */
export function upgradeBundle(content: BundleContent): BundleContent {
  let upgraded = content;
  while (upgraded.manifest.version < BUNDLE_VERSION) {
    const version = upgraded.manifest.version;
    const migrator = BUNDLE_MIGRATORS.find((candidate) => candidate.from === version);
    if (!migrator) throw new Error(`No bundle migrator upgrades version ${version}.`);
    upgraded = migrator.migrate(upgraded);
    upgraded = { ...upgraded, manifest: { ...upgraded.manifest, version: migrator.to } };
  }
  return upgraded;
}
