import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Inserts complete rows as they are, without RETURNING. Without RETURNING
 * because PostgreSQL checks returned rows against the SELECT policies, and
 * some rows are not readable from the scope that writes them (an account's
 * audit event). And as given, because TypeORM's insert type cannot follow a
 * jsonb column of unknown shape: the caller passes whole rows.
 */
export async function insertRows<Entity extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Entity>,
  rows: Partial<Entity> | Partial<Entity>[],
): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(rows as QueryDeepPartialEntity<Entity> | QueryDeepPartialEntity<Entity>[])
    .updateEntity(false)
    .execute();
}
