import pino, { Logger, LevelWithSilent } from 'pino';
import { redactSecrets } from './redact';

/**
 * pino writes a child's bindings and the logged object side by side, so a key in both (a request's
 * `requestId`, bound by pino-http, passed again by the code that logs) would appear twice in one
 * line: invalid for strict JSON ingesters. The bound value wins; the object's copy is dropped.
 */
function withoutBoundKeys<T extends unknown[]>(logger: Logger, args: T): T {
  const [first] = args;
  if (typeof first !== 'object' || first === null || first instanceof Error || Array.isArray(first)) return args;
  const bound = logger.bindings();
  const repeated = Object.keys(first).filter((key) => key in bound);
  if (repeated.length === 0) return args;
  const object: Record<string, unknown> = { ...(first as Record<string, unknown>) };
  for (const key of repeated) delete object[key];
  return [object, ...args.slice(1)] as T;
}

/**
 * The one pino instance of the process: JSON lines, ISO times, and every
 * object passed through `redactSecrets` before it is written (which also turns
 * errors into `{type, message, stack, cause}`).
 */
export function createLogger(level: LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'keel' },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactSecrets(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          // Message strings too: a connection URL in a message must not carry its password.
          const redacted = args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : arg)) as typeof args;
          method.apply(this, withoutBoundKeys(this, redacted));
        },
      },
      // Errors are shaped by redactSecrets; pino's default `err` serializer would reshape them again.
      serializers: { err: (error: unknown) => error },
    },
    destination,
  );
}
