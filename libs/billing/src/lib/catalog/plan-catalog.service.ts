import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { contentHash } from '@keel/platform-crypto';
import { GlobalTables, runUnscoped } from '@keel/platform-database';
import { BillingConfig } from '../billing-config';
import { loadBillingCatalog } from './catalog-file';
import type { BillingCatalog, PlanDefinition, PriceInterval } from './plan';
import { PlanVersion } from './plan-version.entity';

/** Any fixed number works; the same in every Keel process, unlike any other lock of Keel's. */
const CATALOG_SYNC_LOCK = 7_263_114_613;

function definitionHash(plan: PlanDefinition): string {
  return contentHash({ name: plan.name, prices: plan.prices, trialDays: plan.trialDays, features: plan.features });
}

/** What a plan costs per `interval`, in minor units; a plan without that price costs nothing. */
export function priceOf(plan: Pick<PlanVersion, 'prices'>, interval: PriceInterval | string): number {
  return plan.prices.find((price) => price.interval === interval)?.amount ?? 0;
}

/**
 * The plan catalog: the file (or the built-in default) synced into
 * `plan_versions` before the process takes traffic, and read from there.
 * A plan whose definition changed gets a new version; a plan that left the
 * catalog stays for the subscriptions on it, no longer current.
 */
@Injectable()
export class PlanCatalog implements OnApplicationBootstrap {
  private readonly logger = new Logger(PlanCatalog.name);
  private readonly catalog: BillingCatalog;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly globalTables: GlobalTables,
    config: BillingConfig,
  ) {
    this.catalog = loadBillingCatalog(config.BILLING_CATALOG);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
  }

  /** Writes a new version of every plan whose definition changed; marks which versions are current. */
  async sync(): Promise<void> {
    const written = await runUnscoped(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CATALOG_SYNC_LOCK]);
      await manager.query(
        'UPDATE plan_versions SET current = false, position = NULL, is_default = false WHERE current',
      );
      const versions: string[] = [];
      for (const [position, plan] of this.catalog.plans.entries()) {
        versions.push(await this.syncPlan(manager, plan, position));
      }
      return versions;
    });
    this.logger.log(`Plan catalog synced: ${written.join(', ')}`);
  }

  private async syncPlan(manager: EntityManager, plan: PlanDefinition, position: number): Promise<string> {
    const hash = definitionHash(plan);
    const repository = manager.getRepository(PlanVersion);
    const latest = await repository.findOne({ where: { key: plan.key }, order: { version: 'DESC' } });
    const isDefault = plan.key === this.catalog.defaultPlan;
    if (latest && latest.contentHash === hash) {
      await repository.update({ key: plan.key, version: latest.version }, { current: true, position, isDefault });
      return `${plan.key} v${latest.version}`;
    }
    const version = (latest?.version ?? 0) + 1;
    await repository.insert({
      key: plan.key,
      version,
      name: plan.name,
      prices: plan.prices,
      trialDays: plan.trialDays,
      features: plan.features,
      contentHash: hash,
      current: true,
      position,
      isDefault,
    });
    return `${plan.key} v${version} (new)`;
  }

  /** The current version of every plan in the catalog, in the catalog's order (cheapest first). */
  currentPlans(): Promise<PlanVersion[]> {
    return this.globalTables.manager
      .getRepository(PlanVersion)
      .find({ where: { current: true }, order: { position: 'ASC' } });
  }

  /** The current version of the plan `key`, if the catalog has it. */
  currentPlan(key: string): Promise<PlanVersion | null> {
    return this.globalTables.manager.getRepository(PlanVersion).findOneBy({ key, current: true });
  }

  /** The plan a new workspace starts on, at its current version. */
  async defaultPlan(): Promise<PlanVersion> {
    const plan = await this.currentPlan(this.catalog.defaultPlan);
    if (!plan)
      throw new Error(
        `The default plan "${this.catalog.defaultPlan}" is not in plan_versions: was the catalog synced?`,
      );
    return plan;
  }

  /** A version a subscription took, current or not. */
  async version(key: string, version: number): Promise<PlanVersion> {
    const plan = await this.globalTables.manager.getRepository(PlanVersion).findOneBy({ key, version });
    if (!plan) throw new Error(`Plan ${key} v${version} is not in plan_versions.`);
    return plan;
  }
}
