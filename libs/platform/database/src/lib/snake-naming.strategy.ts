import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

function snakeCase(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** The table's own name, without a schema: constraint names live in the table's schema anyway. */
function bareTableName(tableOrName: Table | string): string {
  const name = typeof tableOrName === 'string' ? tableOrName : tableOrName.name;
  return name.slice(name.lastIndexOf('.') + 1);
}

function constraintName(tableOrName: Table | string, columnNames: string[], suffix: string): string {
  // PostgreSQL truncates identifiers at 63 bytes; so do we, so the two agree.
  return [bareTableName(tableOrName), ...columnNames, suffix].join('_').slice(0, 63);
}

/**
 * Entities speak camelCase, the schema snake_case: `createdAt` ↔ `created_at`, `WorkspaceMember` ↔ `workspace_member`.
 * Constraints and indexes get PostgreSQL's own naming (`users_email_key_key`, `sessions_user_id_fkey`), so a
 * migration written by hand in plain SQL and the entities agree on names.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(className: string, customName?: string): string {
    return customName ?? snakeCase(className);
  }

  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    return snakeCase(embeddedPrefixes.concat('').join('_')) + (customName ?? snakeCase(propertyName));
  }

  override relationName(propertyName: string): string {
    return snakeCase(propertyName);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snakeCase(`${relationName}_${referencedColumnName}`);
  }

  override joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return snakeCase(`${firstTableName}_${firstPropertyName.replace(/\./g, '_')}_${secondTableName}`);
  }

  override primaryKeyName(tableOrName: Table | string): string {
    return `${bareTableName(tableOrName)}_pkey`.slice(0, 63);
  }

  override uniqueConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return constraintName(tableOrName, columnNames, 'key');
  }

  override foreignKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return constraintName(tableOrName, columnNames, 'fkey');
  }

  override indexName(tableOrName: Table | string, columnNames: string[]): string {
    return constraintName(tableOrName, columnNames, 'idx');
  }

  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snakeCase(`${tableName}_${columnName ?? propertyName}`);
  }
}
