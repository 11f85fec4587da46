import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { runAsPlatformOwner } from '@keel/platform-database';
import { isUuid } from '@keel/platform-errors';
import type { KeelCommand, KeelCommandContext } from '@keel/platform-runtime';
import { Reconciler } from './reconciler';

const USAGE = 'usage: main.js billing:reconcile [workspaceId]\n';

/**
 * `main.js billing:reconcile [workspaceId]` (`npm run billing:reconcile -- …`):
 * reconciles every workspace (or the one named) with the payment provider now,
 * as the daily job does, and prints one line per workspace with mismatches and
 * a total. Each is recorded as a reconciliation (trigger `cli`), so
 * `GET …/billing/reconciliation` shows it. Exits 1 when a workspace could not
 * be compared (the provider unreachable), after trying the others.
 */
export const billingReconcileCommand: KeelCommand = {
  // Only what the command needs: a private loopback port, no consumers or schedules.
  environment: { HOST: '127.0.0.1', PORT: '0', KEEL_ROLE: 'api' },
  async run({ app, args, print }: KeelCommandContext): Promise<void> {
    const [named, ...extra] = args;
    if ((named !== undefined && !isUuid(named)) || extra.length > 0) {
      process.stderr.write(USAGE);
      process.exitCode = 64;
      return;
    }
    const reconciler = app.get(Reconciler);
    if (!reconciler.enabled) {
      print('BILLING_PROVIDER=none holds no customers, subscriptions or invoices: nothing to reconcile.');
      return;
    }
    const workspaces: string[] =
      named !== undefined
        ? [named]
        : (
            await runAsPlatformOwner(app.get(DataSource), (manager) =>
              manager.query(`SELECT id FROM workspaces ORDER BY id`),
            )
          ).map((row: { id: string }) => row.id);
    const cls = app.get(ClsService);
    let total = 0;
    let failed = 0;
    for (const workspaceId of workspaces) {
      try {
        const { mismatches } = await cls.run(() => reconciler.reconcile(workspaceId, 'cli'));
        total += mismatches.length;
        if (mismatches.length > 0) {
          const types = [...new Set(mismatches.map((mismatch) => mismatch.type))].join(', ');
          print(`${workspaceId}: ${mismatches.length} mismatch(es): ${types}`);
        }
      } catch (error) {
        failed += 1;
        process.stderr.write(
          `billing:reconcile: ${workspaceId}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
    }
    print(`Reconciled ${workspaces.length - failed} of ${workspaces.length} workspace(s): ${total} mismatch(es).`);
    if (failed > 0) process.exitCode = 1;
  },
};
