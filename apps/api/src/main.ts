import 'reflect-metadata';
import { runKeel } from '@keel/platform-runtime';
import packageJson from '../../../package.json';
import { AppModule } from './app/app.module';
import { entities, migrations } from './app/schema';

void runKeel({
  name: 'api',
  version: packageJson.version,
  rootModule: (context) => AppModule.forRoot(context),
  entities,
  migrations,
});
