import { TransactionalAdapter } from '@nestjs-cls/transactional';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

type TypeOrmTransactionOptions = {
  isolationLevel?: IsolationLevel;
  /** SQL run in the same round trip as START TRANSACTION (see runInOwnTransaction); outermost transactions only. */
  opening?: string;
};

interface ReleasableWithError {
  releasePostgresConnection(error?: Error): Promise<void>;
}

/** What TypeORM's startTransaction records of an open transaction; set by hand when START TRANSACTION is sent with the opening. */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/**
 * START TRANSACTION and the opening statements (a transaction door's role and
 * settings) in one simple-protocol round trip, where TypeORM's
 * startTransaction would spend one on START TRANSACTION alone. The query runner
 * is marked as in a transaction before it is sent, as startTransaction does,
 * so a failure rolls back instead of handing the connection back mid-transaction.
 * Keel registers no TypeORM subscribers, so there are no transaction-start events to send.
 */
async function startTransactionWith(queryRunner: QueryRunner, opening: string): Promise<void> {
  const state = queryRunner as unknown as TransactionState;
  if (state.transactionDepth !== 0) throw new Error('An opening statement needs an outermost transaction.');
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  await queryRunner.query(`START TRANSACTION; ${opening}`);
}

/**
 * Runs `fn` in a transaction on its own connection. Unlike TypeORM's
 * `manager.transaction`, which swallows a failed ROLLBACK and hands the
 * connection back to the pool in an unknown state, a connection whose ROLLBACK
 * failed is destroyed (pg-pool drops a client released with an error).
 * `opening`, parameter-free SQL (literals already escaped), runs in the same
 * round trip as START TRANSACTION, before `fn`.
 */
export async function runInOwnTransaction<T>(
  dataSource: DataSource,
  isolationLevel: IsolationLevel | undefined,
  fn: (manager: EntityManager) => Promise<T>,
  opening?: string,
): Promise<T> {
  const queryRunner: QueryRunner = dataSource.createQueryRunner();
  let releaseError: Error | undefined;
  try {
    if (opening !== undefined && isolationLevel === undefined && !dataSource.options.isolationLevel) {
      await startTransactionWith(queryRunner, opening);
    } else {
      await queryRunner.startTransaction(isolationLevel);
      if (opening !== undefined) await queryRunner.query(opening);
    }
    const result = await fn(queryRunner.manager);
    await queryRunner.commitTransaction();
    return result;
  } catch (error) {
    if (queryRunner.isTransactionActive) {
      try {
        await queryRunner.rollbackTransaction();
      } catch (rollbackError) {
        releaseError = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
    }
    throw error;
  } finally {
    if (releaseError) {
      await (queryRunner as unknown as ReleasableWithError).releasePostgresConnection(releaseError);
    } else {
      await queryRunner.release();
    }
  }
}

/**
 * What reaching `txHost.tx` outside every transaction throws. The adapter of
 * @nestjs-cls/transactional would fall back to the pool's manager, as the
 * login role (a superuser by default, which bypasses row-level security) and
 * in no workspace: a tenant service called there would be held back only by
 * its own WHERE. Failing closed makes every query choose a door (see
 * transaction-doors.ts); global tables have theirs in GlobalTables.
 */
export class OutsideTransactionError extends Error {
  constructor() {
    super(
      'No transaction is open: tenant data is reached only inside TenantTransactions.runInTenantTransaction ' +
        '(or another door of transaction-doors.ts), global tables through GlobalTables.',
    );
    this.name = 'OutsideTransactionError';
  }
}

/**
 * The TypeORM adapter of @nestjs-cls/transactional, with `runInOwnTransaction`
 * for outermost transactions and no fallback outside one (OutsideTransactionError).
 */
export class SafeTypeOrmTransactionalAdapter implements TransactionalAdapter<
  DataSource,
  EntityManager,
  TypeOrmTransactionOptions
> {
  readonly connectionToken: unknown;
  readonly defaultTxOptions?: Partial<TypeOrmTransactionOptions>;

  constructor(options: { dataSourceToken: unknown; defaultTxOptions?: Partial<TypeOrmTransactionOptions> }) {
    this.connectionToken = options.dataSourceToken;
    this.defaultTxOptions = options.defaultTxOptions;
  }

  optionsFactory = (dataSource: DataSource) => ({
    wrapWithTransaction: (
      options: TypeOrmTransactionOptions | undefined,
      fn: () => Promise<unknown>,
      setTx: (tx?: EntityManager) => void,
    ) =>
      runInOwnTransaction(
        dataSource,
        options?.isolationLevel,
        (manager) => {
          setTx(manager);
          return fn();
        },
        options?.opening,
      ),
    // Inside an open transaction TypeORM nests with a SAVEPOINT on the same connection.
    wrapWithNestedTransaction: (
      options: TypeOrmTransactionOptions | undefined,
      fn: () => Promise<unknown>,
      setTx: (tx?: EntityManager) => void,
      tx: EntityManager,
    ) =>
      tx.transaction(options?.isolationLevel ?? 'READ COMMITTED', (nested) => {
        setTx(nested);
        return fn();
      }),
    getFallbackInstance: (): EntityManager => {
      throw new OutsideTransactionError();
    },
  });
}
