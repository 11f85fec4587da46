import 'reflect-metadata';
import { runKeel } from '@keel/platform-runtime';
import { keelConfigSchemas, keelEntities, keelMigrations, keelSealedColumns } from '@keel/schema';
import packageJson from '../../../package.json';
import { WorkerModule } from './app/worker.module';

// A worker-only process, for deployments that scale workers apart from the API.
void runKeel({
  name: 'worker',
  role: 'worker',
  servesApi: false,
  version: packageJson.version,
  rootModule: (context) => WorkerModule.forRoot(context),
  configs: keelConfigSchemas,
  entities: keelEntities,
  migrations: keelMigrations,
  sealedColumns: keelSealedColumns,
});
