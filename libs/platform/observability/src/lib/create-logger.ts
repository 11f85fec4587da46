import pino, { Logger, LevelWithSilent } from 'pino';
import { redactSecrets } from './redact';

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
      // Message strings too: a connection URL in a message must not carry its password.
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : arg)) as typeof args);
        },
      },
      // Errors are shaped by redactSecrets; pino's default `err` serializer would reshape them again.
      serializers: { err: (error: unknown) => error },
    },
    destination,
  );
}
