import type { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { insertRows } from './insert-rows';

/** A tenant row: every tenant table has `workspace_id`, the first column of its primary key. */
export interface WorkspaceOwned extends ObjectLiteral {
  workspaceId: string;
}

/** Which rows, without the workspace: that is the methods' first argument. */
export type WorkspaceWhere<Entity extends WorkspaceOwned> = Omit<FindOptionsWhere<Entity>, 'workspaceId'>;

/** A new row without its workspace, which the repository stamps. */
export type NewWorkspaceRow<Entity extends WorkspaceOwned> = Omit<Entity, 'workspaceId'>;

/** A change to rows; the workspace of a row never changes. */
export type WorkspaceRowChanges<Entity extends WorkspaceOwned> = Omit<QueryDeepPartialEntity<Entity>, 'workspaceId'>;

export interface WorkspaceFindOptions<Entity extends WorkspaceOwned> {
  order?: FindOptionsOrder<Entity>;
  take?: number;
}

/** Thrown when a workspace repository is used outside a tenant transaction of the workspace it is given. */
export class OutsideTenantTransactionError extends Error {
  constructor(table: string, workspaceId: string, open: string | undefined) {
    super(
      open
        ? `${table} rows of workspace ${workspaceId} were asked for inside the tenant transaction of workspace ${open}.`
        : `${table} rows of workspace ${workspaceId} are reached only inside that workspace's tenant transaction ` +
            '(TenantTransactions.runInTenantTransaction).',
    );
    this.name = 'OutsideTenantTransactionError';
  }
}

/** Where the repository finds the open tenant transaction: its workspace and its manager. */
export interface TenantTransactionScope {
  readonly currentWorkspaceId: string | undefined;
  readonly manager: EntityManager;
}

/**
 * The common reads and writes of one tenant table. Every method takes the
 * workspace first, as every tenant service method does, and checks it is the
 * workspace of the open tenant transaction (else OutsideTenantTransactionError:
 * no transaction, or another workspace's, fails instead of reading rows).
 * Every `where` gets the workspace added and every inserted row gets it
 * stamped; a `where`, row or change that names `workspaceId` itself is refused,
 * so the workspace is said once, in the first argument. Joins, locks, keyset
 * pages and aggregates stay with query builders and SQL on `txHost.tx`, where
 * the workspace is written out by hand.
 */
export class WorkspaceRepository<Entity extends WorkspaceOwned> {
  constructor(
    private readonly scope: TenantTransactionScope,
    private readonly entity: EntityTarget<Entity>,
  ) {}

  async findOneBy(workspaceId: string, where: WorkspaceWhere<Entity>): Promise<Entity | null> {
    const manager = this.open(workspaceId);
    return manager.getRepository(this.entity).findOneBy(this.scoped(where, workspaceId));
  }

  async findBy(
    workspaceId: string,
    where: WorkspaceWhere<Entity>,
    options: WorkspaceFindOptions<Entity> = {},
  ): Promise<Entity[]> {
    const manager = this.open(workspaceId);
    return manager.getRepository(this.entity).find({ where: this.scoped(where, workspaceId), ...options });
  }

  async existsBy(workspaceId: string, where: WorkspaceWhere<Entity>): Promise<boolean> {
    const manager = this.open(workspaceId);
    return manager.getRepository(this.entity).existsBy(this.scoped(where, workspaceId));
  }

  /** Inserts the rows stamped with the workspace, and returns them so stamped. */
  async insert(workspaceId: string, row: NewWorkspaceRow<Entity>): Promise<Entity>;
  async insert(workspaceId: string, rows: NewWorkspaceRow<Entity>[]): Promise<Entity[]>;
  async insert(
    workspaceId: string,
    input: NewWorkspaceRow<Entity> | NewWorkspaceRow<Entity>[],
  ): Promise<Entity | Entity[]> {
    const manager = this.open(workspaceId);
    const rows = (Array.isArray(input) ? input : [input]).map((row) => {
      this.refuseWorkspaceId(row, 'a new row');
      return { ...row, workspaceId } as unknown as Entity;
    });
    if (rows.length > 0) await insertRows(manager, this.entity, rows);
    return Array.isArray(input) ? rows : rows[0];
  }

  /** Changes the matching rows of the workspace; returns how many. */
  async update(
    workspaceId: string,
    where: WorkspaceWhere<Entity>,
    changes: WorkspaceRowChanges<Entity>,
  ): Promise<number> {
    const manager = this.open(workspaceId);
    this.refuseWorkspaceId(changes, 'a change');
    const result = await manager
      .getRepository(this.entity)
      .update(this.scoped(where, workspaceId, 'update'), changes as QueryDeepPartialEntity<Entity>);
    return result.affected ?? 0;
  }

  /** Deletes the matching rows of the workspace; returns how many. */
  async delete(workspaceId: string, where: WorkspaceWhere<Entity>): Promise<number> {
    const manager = this.open(workspaceId);
    const result = await manager.getRepository(this.entity).delete(this.scoped(where, workspaceId, 'delete'));
    return result.affected ?? 0;
  }

  private open(workspaceId: string): EntityManager {
    const open = this.scope.currentWorkspaceId;
    if (open === undefined || open !== workspaceId) {
      throw new OutsideTenantTransactionError(this.tableName(), workspaceId, open);
    }
    return this.scope.manager;
  }

  /** The caller's conditions plus the workspace; an empty `where` would update or delete the whole workspace, so it is refused. */
  private scoped(
    where: WorkspaceWhere<Entity>,
    workspaceId: string,
    write?: 'update' | 'delete',
  ): FindOptionsWhere<Entity> {
    this.refuseWorkspaceId(where, 'a where');
    if (write && Object.keys(where).length === 0) {
      throw new TypeError(`A workspace repository does not ${write} every row of ${this.tableName()}: name the rows.`);
    }
    return { ...where, workspaceId } as FindOptionsWhere<Entity>;
  }

  private refuseWorkspaceId(value: object, what: string): void {
    if (Object.prototype.hasOwnProperty.call(value, 'workspaceId')) {
      throw new TypeError(
        `${what} of ${this.tableName()} names workspaceId: a workspace repository takes the workspace as its first argument only.`,
      );
    }
  }

  private tableName(): string {
    return typeof this.entity === 'function' ? this.entity.name : String(this.entity);
  }
}
