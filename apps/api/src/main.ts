import 'reflect-metadata';
import { adminGrantCommand, adminRevokeCommand } from '@keel/admin';
import { billingInvoiceCommand, billingReconcileCommand } from '@keel/billing';
import { runKeel } from '@keel/platform-runtime';
import { keelConfigSchemas, keelEntities, keelMigrations, keelSealedColumns } from '@keel/schema';
import packageJson from '../../../package.json';
import { apiReference } from './app/api-reference';
import { AppModule } from './app/app.module';
import { seedCommand } from './seed/seed.command';

void runKeel({
  name: 'api',
  version: packageJson.version,
  rootModule: (context) => AppModule.forRoot(context),
  configs: keelConfigSchemas,
  entities: keelEntities,
  migrations: keelMigrations,
  sealedColumns: keelSealedColumns,
  commands: {
    seed: seedCommand,
    'admin:grant': adminGrantCommand,
    'admin:revoke': adminRevokeCommand,
    'billing:invoice': billingInvoiceCommand,
    'billing:reconcile': billingReconcileCommand,
  },
  apiReference,
});
