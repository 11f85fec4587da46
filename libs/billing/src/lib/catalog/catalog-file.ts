import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { DEFAULT_BILLING_CATALOG } from './default-catalog';
import type { BillingCatalog } from './plan';

const KEY = '^[a-z0-9][a-z0-9_-]{0,47}$';

const CATALOG_SCHEMA = {
  type: 'object',
  required: ['defaultPlan', 'plans'],
  additionalProperties: false,
  properties: {
    defaultPlan: { type: 'string', pattern: KEY },
    plans: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'name', 'prices', 'trialDays', 'features'],
        additionalProperties: false,
        properties: {
          key: { type: 'string', pattern: KEY },
          name: { type: 'string', minLength: 1, maxLength: 100 },
          prices: {
            type: 'array',
            items: {
              type: 'object',
              required: ['interval', 'amount', 'currency'],
              additionalProperties: false,
              properties: {
                interval: { enum: ['month', 'year'] },
                amount: { type: 'integer', minimum: 0 },
                currency: { type: 'string', pattern: '^[a-z]{3}$' },
              },
            },
          },
          trialDays: { type: 'integer', minimum: 0, maximum: 365 },
          features: {
            type: 'object',
            propertyNames: { pattern: KEY },
            additionalProperties: {
              type: 'object',
              required: ['kind', 'enforcement'],
              additionalProperties: false,
              properties: {
                kind: { enum: ['boolean', 'limit', 'metered'] },
                enabled: { type: 'boolean' },
                limit: { type: ['integer', 'null'], minimum: 0 },
                included: { type: ['integer', 'null'], minimum: 0 },
                overageUnitAmount: { type: 'integer', minimum: 0 },
                enforcement: { enum: ['hard', 'soft'] },
              },
            },
          },
        },
      },
    },
  },
};

const validateShape = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile<BillingCatalog>(
  CATALOG_SCHEMA,
);

/** Every problem of a catalog, in words; empty when it is usable. */
export function catalogProblems(value: unknown): string[] {
  if (!validateShape(value)) {
    return (validateShape.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
  }
  const problems: string[] = [];
  const keys = value.plans.map((plan) => plan.key);
  const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
  if (repeated.length > 0) problems.push(`plan keys must be unique: ${[...new Set(repeated)].join(', ')}`);
  if (!keys.includes(value.defaultPlan)) problems.push(`defaultPlan "${value.defaultPlan}" is not one of the plans`);
  for (const plan of value.plans) {
    const intervals = plan.prices.map((price) => price.interval);
    if (new Set(intervals).size !== intervals.length) problems.push(`${plan.key}: one price per interval`);
    const currencies = new Set(plan.prices.map((price) => price.currency));
    if (currencies.size > 1) problems.push(`${plan.key}: every price in one currency`);
  }
  return problems;
}

/**
 * The catalog BILLING_CATALOG names (a JSON file), or the built-in one when it
 * is empty. Throws with every problem listed; the config check at start-up
 * runs the same check first, so a running process never meets a bad file.
 */
export function loadBillingCatalog(path: string): BillingCatalog {
  if (path.trim() === '') return DEFAULT_BILLING_CATALOG;
  const value = readCatalogFile(path);
  const problems = catalogProblems(value);
  if (problems.length > 0) throw new Error(`BILLING_CATALOG ${path}: ${problems.join('; ')}`);
  return value as BillingCatalog;
}

/** The problems of the file at `path` (unreadable, not JSON, or not a catalog). */
export function catalogFileProblems(path: string): string[] {
  if (path.trim() === '') return [];
  try {
    return catalogProblems(readCatalogFile(path));
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

function readCatalogFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('is not JSON');
  }
}
