import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { currentIncomingRequest, IncomingRequestIdentity } from '@keel/platform-context';

type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** The logger of a request, made the first time something logs while serving it. */
const requestLoggers = new WeakMap<IncomingRequestIdentity, Logger>();

/**
 * Nest's logger (what `new Logger('Context')` writes through) on the process's
 * pino logger. A line logged while a request is served carries its
 * `requestId`, bound by a child logger made only when the request logs
 * something besides its request line. The arguments are read as nestjs-pino's
 * Logger reads them: the last optional parameter is the context, an object
 * message is merged into the line, an Error becomes `err`.
 */
export class NestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.call('trace', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.call('debug', message, optionalParams);
  }

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.call('info', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.call('warn', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.call('error', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.call('fatal', message, optionalParams);
  }

  private get logger(): Logger {
    const request = currentIncomingRequest();
    if (!request) return this.root;
    let logger = requestLoggers.get(request);
    if (!logger) {
      logger = this.root.child({ requestId: request.requestId });
      requestLoggers.set(request, logger);
    }
    return logger;
  }

  private call(level: PinoLevel, message: unknown, optionalParams: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const line: Record<string, unknown> = {};
    let params: unknown[] = [];
    if (optionalParams.length !== 0) {
      line['context'] = optionalParams[optionalParams.length - 1];
      params = optionalParams.slice(0, -1);
    }
    const logger = this.logger;
    if (typeof message === 'object') {
      if (message instanceof Error) line['err'] = message;
      else Object.assign(line, message);
      logger[level](line, ...(params as []));
    } else if (
      // Nest's exception handlers call error(message, stack): the stack goes with the error it belongs to.
      level === 'error' &&
      typeof message === 'string' &&
      params.length === 1 &&
      typeof params[0] === 'string' &&
      /\n\s*at /.test(params[0])
    ) {
      const error = new Error(message);
      error.stack = params[0];
      line['err'] = error;
      logger[level](line);
    } else {
      logger[level](line, message as string, ...(params as []));
    }
  }
}
