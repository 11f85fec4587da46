/** The row a sealed value belongs to, as the rotation hands it to `associatedData`: its id columns, as text. */
export type SealedColumnRow = Readonly<Record<string, string>>;

/**
 * A database column holding values sealed by SecretBox, so `crypto:rotate`
 * knows what to re-seal after the master key changed. Each context exports
 * its own; `@keel/schema` gathers them into `keelSealedColumns`.
 *
 * The table belongs to keel_owner; the rotation runs as keel_owner, so a table
 * with forced row-level security needs a policy `FOR ALL TO keel_owner USING (true)`.
 */
export interface SealedColumn {
  /** Plain, unquoted SQL name, e.g. `signing_keys`. */
  readonly table: string;
  /** The primary key's columns: they identify the row to update and feed `associatedData`. */
  readonly idColumns: readonly string[];
  /** The column holding the sealed value (NULLs are skipped). */
  readonly column: string;
  /** The associated data the value was sealed with, exactly as the owning code passes it (undefined: none). */
  associatedData(row: SealedColumnRow): string | undefined;
}
