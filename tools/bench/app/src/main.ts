import 'reflect-metadata';
import { runKeel } from '@keel/platform-runtime';
import { BenchAppModule } from './app/bench-app.module';
import { benchEntities, benchMigrations } from './app/bench-schema';

// Keel's own runtime (config, embedded database, migrations, signals), so the
// bench measures a Keel process exactly as production starts one.
void runKeel({
  name: 'bench-app',
  version: 'bench',
  rootModule: (context) => BenchAppModule.forRoot(context),
  entities: benchEntities,
  migrations: benchMigrations,
});
