import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '@keel/platform-errors';
import { deleteInBatches } from '../delete-in-batches';
import { runAsPlatformOwner } from '../transaction-doors';
import { retentionTargets, type RetentionRule } from './retention-rule';

/** A rule with the days it is kept for now, and who set them. */
export interface RetentionSetting {
  key: string;
  description: string;
  days: number;
  defaultDays: number;
  minimumDays: number;
  /** When an operator last set it; null while it is at its default. */
  updatedAt: Date | null;
  updatedBy: string | null;
}

interface StoredSetting {
  key: string;
  days: number;
  updated_at: Date;
  updated_by: string;
}

const RULE_KEY = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * The platform's retention: the rules the contexts register at start (each
 * context's own retention job deletes with `purge`), and the days an
 * operator set for each, kept in `platform_retention` so that every process
 * and every restart applies the same. A rule nobody set keeps its default.
 */
@Injectable()
export class RetentionPolicies {
  private readonly registered = new Map<string, RetentionRule>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  register(rule: RetentionRule): void {
    if (!RULE_KEY.test(rule.key)) throw new Error(`Retention rule key "${rule.key}" must be lower case, digits and _.`);
    if (this.registered.has(rule.key)) throw new Error(`Retention rule "${rule.key}" is registered twice.`);
    if (rule.defaultDays < rule.minimumDays) {
      throw new Error(`Retention rule "${rule.key}": its default (${rule.defaultDays} days) is under its minimum.`);
    }
    this.registered.set(rule.key, rule);
  }

  rules(): RetentionRule[] {
    return [...this.registered.values()].sort((left, right) => left.key.localeCompare(right.key));
  }

  async settings(): Promise<RetentionSetting[]> {
    const stored = await this.stored();
    return this.rules().map((rule) => settingOf(rule, stored.get(rule.key)));
  }

  /** Days `key` is kept for now. */
  async daysFor(key: string): Promise<number> {
    const rule = this.rule(key);
    return settingOf(rule, (await this.stored()).get(key)).days;
  }

  /**
   * Sets the days of the rules named, all or none: an unknown rule is 422
   * RETENTION_RULE_UNKNOWN, a value that is not a whole number 422
   * VALIDATION_FAILED, fewer days than a rule's minimum (or more than 36,500)
   * 422 RETENTION_BELOW_MINIMUM, each at its JSON path.
   */
  async set(days: Record<string, number>, updatedBy: string): Promise<RetentionSetting[]> {
    for (const [key, value] of Object.entries(days)) {
      const rule = this.registered.get(key);
      const path = `$.days.${key}`;
      if (!rule) {
        throw new DomainError('RETENTION_RULE_UNKNOWN', `There is no retention rule "${key}".`, {
          errors: [{ field: `days.${key}`, path, message: `known rules: ${[...this.registered.keys()].join(', ')}` }],
        });
      }
      if (!Number.isInteger(value)) {
        throw new DomainError('VALIDATION_FAILED', `${key} must be a whole number of days.`, {
          errors: [{ field: `days.${key}`, path, rule: 'isInt', message: 'a whole number of days' }],
        });
      }
      if (value < rule.minimumDays || value > 36_500) {
        throw new DomainError(
          'RETENTION_BELOW_MINIMUM',
          `${key} must be kept a whole number of days from ${rule.minimumDays} to 36500.`,
          { errors: [{ field: `days.${key}`, path, message: `at least ${rule.minimumDays} days` }] },
        );
      }
    }
    await runAsPlatformOwner(this.dataSource, async (manager) => {
      for (const [key, value] of Object.entries(days)) {
        await manager.query(
          `INSERT INTO platform_retention (key, days, updated_at, updated_by) VALUES ($1, $2, now(), $3)
           ON CONFLICT (key) DO UPDATE SET days = EXCLUDED.days, updated_at = now(), updated_by = EXCLUDED.updated_by`,
          [key, value, updatedBy],
        );
      }
    });
    return this.settings();
  }

  /** Every rule, the days it keeps, and how many rows its next purge would delete; deleting nothing. */
  async expiredCounts(): Promise<{ key: string; days: number; rows: number }[]> {
    const settings = await this.settings();
    return runAsPlatformOwner(this.dataSource, async (manager) => {
      const counts = [];
      for (const { key, days } of settings) {
        let rows = 0;
        for (const target of retentionTargets(this.rule(key))) {
          const [row]: { rows: string }[] = await manager.query(
            `SELECT count(*) AS rows FROM (${target.expiredRows}) AS expired`,
            [days],
          );
          rows += Number(row?.rows ?? 0);
        }
        counts.push({ key, days, rows });
      }
      return counts;
    });
  }

  /** Deletes the rows of `key` past retention (from each of its tables), in batches (deleteInBatches); how many went. */
  async purge(key: string): Promise<number> {
    const rule = this.rule(key);
    const days = await this.daysFor(key);
    let deleted = 0;
    for (const target of retentionTargets(rule)) {
      deleted += await deleteInBatches(this.dataSource, target.table, target.expiredRows, [days]);
    }
    return deleted;
  }

  private rule(key: string): RetentionRule {
    const rule = this.registered.get(key);
    if (!rule) throw new Error(`Retention rule "${key}" is not registered.`);
    return rule;
  }

  private async stored(): Promise<Map<string, StoredSetting>> {
    const rows: StoredSetting[] = await runAsPlatformOwner(this.dataSource, (manager) =>
      manager.query('SELECT key, days, updated_at, updated_by FROM platform_retention'),
    );
    return new Map(rows.map((row) => [row.key, row]));
  }
}

function settingOf(rule: RetentionRule, stored: StoredSetting | undefined): RetentionSetting {
  return {
    key: rule.key,
    description: rule.description,
    // A minimum raised since an operator set the days wins over them.
    days: Math.max(stored?.days ?? rule.defaultDays, rule.minimumDays),
    defaultDays: rule.defaultDays,
    minimumDays: rule.minimumDays,
    updatedAt: stored ? new Date(stored.updated_at) : null,
    updatedBy: stored?.updated_by ?? null,
  };
}
