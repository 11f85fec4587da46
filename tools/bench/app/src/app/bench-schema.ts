import { keelEntities, keelMigrations } from '@keel/schema';
import { BenchItem } from './bench-items/bench-item.entity';
import { BenchItems1763900000000 } from './bench-items/migrations/1763900000000-bench-items';

/** Keel's whole schema plus the bench table, appended last as a new context would be. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const benchEntities: Function[] = [...keelEntities, BenchItem];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const benchMigrations: Function[] = [...keelMigrations, BenchItems1763900000000];
