import { Injectable } from '@nestjs/common';

export interface ExpiringTable {
  /** Table name, optionally schema-qualified. */
  table: string;
  /** A timestamptz column; rows whose value is in the past are deleted. */
  expiresAtColumn: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/** Tables whose rows expire (tokens, idempotency records, …); each context registers its own. */
@Injectable()
export class ExpiringTables {
  private readonly tables: ExpiringTable[] = [];

  register(table: ExpiringTable): void {
    if (!IDENTIFIER.test(table.table) || !IDENTIFIER.test(table.expiresAtColumn)) {
      throw new Error(`Not a plain SQL identifier: ${table.table}.${table.expiresAtColumn}`);
    }
    this.tables.push(table);
  }

  list(): readonly ExpiringTable[] {
    return this.tables;
  }
}
