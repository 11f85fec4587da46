import pino, { Logger, LevelWithSilent } from 'pino';
import { redactSecrets } from './redact';

/**
 * pino writes a child's bindings and the logged object side by side, so a key in both would appear twice in one
 * line: invalid for strict JSON ingesters. The one key a request's logger binds is `requestId` (NestLogger), and code that may log outside a request passes it too; then the bound value wins. Only an
 * object carrying it pays for reading the bindings (pino parses them from JSON), not every line.
 */
const REQUEST_BOUND_KEY = 'requestId';

function withoutBoundRequestId<T extends unknown[]>(logger: Logger, args: T): T {
  const [first] = args;
  if (typeof first !== 'object' || first === null || !(REQUEST_BOUND_KEY in first)) return args;
  if (!(REQUEST_BOUND_KEY in logger.bindings())) return args;
  const { [REQUEST_BOUND_KEY]: _bound, ...object } = first as Record<string, unknown>;
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
          method.apply(this, withoutBoundRequestId(this, redacted));
        },
      },
      // Errors are shaped by redactSecrets; pino's default `err` serializer would reshape them again.
      serializers: { err: (error: unknown) => error },
    },
    destination,
  );
}
