/**
 * A table whose rows a bundle carries, one JSON object per line, under the
 * column names of the schema (less `workspace_id`, which the import sets).
 */
export interface BundleTable {
  /** The table, and its file `tables/<name>.jsonl`. */
  name: string;
  /** Columns never written to a bundle: secrets, blob store keys, pointers to the old workspace's job runs. */
  omit: readonly string[];
}

/**
 * The tables of a workspace that a bundle carries, in the order an import
 * writes them back (a row's foreign keys point to tables before it). Members
 * are not among them: they travel as `tables/members.jsonl` (email, role
 * key, and the old user id so that rows naming the person follow them).
 * Webhook endpoints travel without their signing secrets: an import gives
 * each a fresh one.
 */
export const BUNDLE_TABLES: readonly BundleTable[] = [
  { name: 'roles', omit: [] },
  { name: 'workflow_versions', omit: [] },
  { name: 'projects', omit: [] },
  { name: 'comments', omit: [] },
  { name: 'activity_entries', omit: [] },
  { name: 'automation_rules', omit: [] },
  { name: 'webhook_endpoints', omit: ['secret_sealed', 'previous_secret_sealed', 'previous_secret_expires_at'] },
  { name: 'gates', omit: [] },
  { name: 'gate_versions', omit: [] },
  { name: 'documents', omit: ['blob_key', 'job_run_id'] },
  { name: 'document_chunks', omit: [] },
];

export const MEMBERS_TABLE = 'members';

/** Every table file a bundle may hold: anything else makes it invalid (an import never writes a table it names). */
export const BUNDLE_TABLE_NAMES: readonly string[] = [MEMBERS_TABLE, ...BUNDLE_TABLES.map((table) => table.name)];

/** A member as a bundle carries it (format version 2). */
export interface BundleMember {
  userId: string;
  email: string;
  roleKey: string;
}
