import { parseExpression } from 'cron-parser';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { isIP } from 'node:net';

/** A five-field cron expression that the scheduler (pg-boss, through cron-parser) accepts. */
export function IsCronExpression(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCronExpression',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || value.trim().split(/\s+/).length !== 5) return false;
          try {
            parseExpression(value);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: () => '$property must be a five-field cron expression, e.g. */10 * * * *',
      },
    },
    options,
  );
}

function isAddressOrCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** `true`, `false`, a hop count, or comma-separated addresses/CIDRs: what Fastify's trustProxy takes. */
export function IsTrustProxy(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTrustProxy',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const trimmed = value.trim().toLowerCase();
          if (trimmed === 'true' || trimmed === 'false' || /^\d+$/.test(trimmed)) return true;
          const entries = trimmed.split(',').map((entry) => entry.trim());
          return entries.length > 0 && entries.every(isAddressOrCidr);
        },
        defaultMessage: () => '$property must be true, false, a hop count, or comma-separated addresses/CIDRs',
      },
    },
    options,
  );
}
