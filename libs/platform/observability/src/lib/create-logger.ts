import pino, { Logger, LevelWithSilent } from 'pino';
import { redactSecrets } from './redact';

/**
 * pino writes a child's bindings and the logged object side by side, so a key in both would appear twice in one
 * line: invalid for strict JSON ingesters. The one key a request's logger binds is `requestId` (NestLogger), and code that may log outside a request passes it too; then the bound value wins. Only an
 * object carrying it pays for reading the bindings (pino parses them from JSON), not every line.
 */
const REQUEST_BOUND_KEY = 'requestId';

/** Whether a logger binds `requestId`, by logger: its bindings are fixed when it is made (Keel never calls setBindings). */
const bindsRequestId = new WeakMap<Logger, boolean>();

function bindsTheRequestId(logger: Logger): boolean {
  let binds = bindsRequestId.get(logger);
  if (binds === undefined) {
    binds = REQUEST_BOUND_KEY in logger.bindings();
    bindsRequestId.set(logger, binds);
  }
  return binds;
}

function withoutBoundRequestId<T extends unknown[]>(logger: Logger, args: T): T {
  const [first] = args;
  if (typeof first !== 'object' || first === null || !(REQUEST_BOUND_KEY in first)) return args;
  if (!bindsTheRequestId(logger)) return args;
  const { [REQUEST_BOUND_KEY]: _bound, ...object } = first as Record<string, unknown>;
  return [object, ...args.slice(1)] as T;
}

let stampedAt = -1;
let stamp = '';

/** pino's isoTime (`,"time":"<ISO 8601>"`), formatted once per millisecond however many lines share it. */
function isoTimeOncePerMillisecond(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = `,"time":"${new Date(now).toISOString()}"`;
  }
  return stamp;
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
      timestamp: isoTimeOncePerMillisecond,
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactSecrets(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          // Message strings too: a connection URL in a message must not carry its password.
          const redacted = args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : arg)) as typeof args;
          method.apply(this, withoutBoundRequestId(this, redacted));
        },
      },
      // Errors are shaped by redactSecrets; pino's default `err` serializer would reshape them again.
      serializers: { err: (error: unknown) => error },
    },
    destination,
  );
}
