export const REDACTED = '[REDACTED]';

/** Keys whose values are secrets wherever they appear, at any depth (`parameters`: a failed query's bind values). */
const SECRET_KEY =
  /pass(word|wd|phrase)|^pass$|secret|token|recovery[-_]?codes?|authorization|cookie|api[-_]?key|credential|private[-_]?key|signature|^parameters$/i;

/** `scheme://user:password@host` inside any string. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)[^@/?#\s]+@/gi;

/** Verdicts of SECRET_KEY by key: a process logs the same few dozen keys over and over. Bounded, for keys made of data. */
const secretKeys = new Map<string, boolean>();
const SECRET_KEY_VERDICTS_KEPT = 1024;

function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    if (secretKeys.size < SECRET_KEY_VERDICTS_KEPT) secretKeys.set(key, secret);
  }
  return secret;
}

/**
 * A copy of `value` with every secret replaced: values under secret-looking
 * keys, and passwords inside connection URLs. Applied to every log line.
 */
export function redactSecrets(value: unknown, seen = new WeakSet<object>()): unknown {
  // Only a string with a scheme separator can hold URL credentials: the others are returned without a regex pass.
  if (typeof value === 'string') return value.includes('://') ? value.replace(URL_CREDENTIALS, `$1${REDACTED}@`) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, seen));
  if (value instanceof Error) {
    const { cause } = value as Error & { cause?: unknown };
    return redactSecrets({ ...value, type: value.name, message: value.message, stack: value.stack, cause }, seen);
  }
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? REDACTED : redactSecrets(item, seen);
  }
  return copy;
}
