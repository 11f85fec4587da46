import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { EnvVar } from './env-var.decorator';
import { IsCronExpression, IsTrustProxy } from './env-validators';

const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
  if (['false', '0', 'no', 'off'].includes(normalized)) return false;
  return value;
};

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : value;

export const KEEL_ROLES = ['all', 'api', 'worker'] as const;
export type KeelRole = (typeof KEEL_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every environment variable Keel reads, declared once. Defaults are the
 * property initialisers; docs/configuration.md is checked against this class.
 */
export class KeelConfig {
  @EnvVar({
    type: 'enum',
    values: KEEL_ROLES,
    description: 'Which parts run in this process: the HTTP API, the background worker, or both.',
  })
  @IsIn(KEEL_ROLES)
  KEEL_ROLE: KeelRole = 'all';

  @EnvVar({ type: 'string', description: 'Interface the HTTP server listens on.' })
  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @EnvVar({ type: 'integer', description: 'TCP port of the HTTP server (0 picks a free one).' })
  @Transform(toInteger)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @EnvVar({
    type: 'url',
    secret: true,
    description:
      'PostgreSQL connection URL. When unset, Keel starts an embedded PostgreSQL under EMBEDDED_PG_DIR and uses it.',
  })
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @EnvVar({ type: 'boolean', description: 'Run pending database migrations when the process starts.' })
  @Transform(toBoolean)
  @IsBoolean()
  DB_MIGRATE_ON_START = true;

  @EnvVar({ type: 'integer', description: 'Largest number of connections in the database pool.' })
  @Transform(toInteger)
  @Min(1)
  @Max(500)
  @IsInt()
  DB_POOL_MAX = 10;

  @EnvVar({
    type: 'integer',
    description: 'Statement timeout for application queries, in milliseconds (0 disables it).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  DB_STATEMENT_TIMEOUT_MS = 30_000;

  @EnvVar({
    type: 'string',
    description: 'Data folder of the embedded PostgreSQL (used only when DATABASE_URL is unset).',
  })
  @IsString()
  @MinLength(1)
  EMBEDDED_PG_DIR = '.data/postgres';

  @EnvVar({ type: 'integer', description: 'Port of the embedded PostgreSQL; 0 picks a free port at each start.' })
  @Transform(toInteger)
  @Min(0)
  @Max(65535)
  @IsInt()
  EMBEDDED_PG_PORT = 0;

  @EnvVar({
    type: 'integer',
    description: 'Largest accepted request body, in bytes; larger bodies get 413 PAYLOAD_TOO_LARGE.',
  })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  BODY_LIMIT_BYTES = 1_048_576;

  @EnvVar({ type: 'integer', description: 'Time allowed to receive a whole request, in milliseconds (0 disables it).' })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  REQUEST_TIMEOUT_MS = 30_000;

  @EnvVar({
    type: 'integer',
    description: 'On SIGTERM, how long in-flight requests and jobs may take to finish, in milliseconds.',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  SHUTDOWN_GRACE_MS = 10_000;

  @EnvVar({
    type: 'list',
    description: 'Comma-separated browser origins allowed by CORS. Empty: no cross-origin access.',
  })
  @Transform(toList)
  @IsString({ each: true })
  @Matches(/^https?:\/\/[^\s/]+$/, { each: true, message: 'each origin must look like https://host[:port]' })
  CORS_ORIGINS: string[] = [];

  @EnvVar({
    type: 'string',
    description:
      "Which proxies to trust for the client address: 'false', 'true', a hop count, or comma-separated addresses/CIDRs.",
  })
  @IsTrustProxy()
  TRUST_PROXY = 'false';

  @EnvVar({ type: 'enum', values: LOG_LEVELS, description: 'Lowest log level written.' })
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @EnvVar({ type: 'string', description: 'PostgreSQL schema that holds the pg-boss queue tables.' })
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'must be a lower-case SQL identifier' })
  QUEUE_SCHEMA = 'pgboss';

  @EnvVar({ type: 'string', description: 'Cron schedule (UTC) of the housekeeping job that purges expired rows.' })
  @IsCronExpression()
  HOUSEKEEPING_CRON = '*/10 * * * *';

  @EnvVar({
    type: 'url',
    secret: true,
    description:
      'SMTP server for outgoing mail, smtp:// (STARTTLS when offered) or smtps:// (implicit TLS). When unset, mails are only logged: for development.',
  })
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @EnvVar({ type: 'string', description: 'Sender address of every mail Keel sends.' })
  @IsString()
  @MinLength(1)
  MAIL_FROM = 'Keel <no-reply@localhost>';

  @EnvVar({
    type: 'string',
    secret: true,
    description:
      'Master key (32 bytes, base64) that encrypts secrets at rest, such as the token signing keys. When unset, one is generated into KEEL_MASTER_KEY_FILE with a warning: for development only.',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/_-]{43}=?$/, { message: 'must be 32 bytes in base64 or base64url (43 or 44 characters)' })
  KEEL_MASTER_KEY?: string;

  @EnvVar({
    type: 'list',
    secret: true,
    description:
      'Earlier master keys (comma-separated, base64), still accepted to open secrets sealed before a rotation; `crypto:rotate` re-seals them under KEEL_MASTER_KEY, after which they can be removed.',
  })
  @Transform(toList)
  @Matches(/^[A-Za-z0-9+/_-]{43}=?$/, {
    each: true,
    message: 'each key must be 32 bytes in base64 or base64url (43 or 44 characters)',
  })
  KEEL_MASTER_KEYS_PREVIOUS: string[] = [];

  @EnvVar({
    type: 'string',
    description:
      'Where the generated development master key is kept when KEEL_MASTER_KEY is unset; by default master.key beside EMBEDDED_PG_DIR (.data/master.key).',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  KEEL_MASTER_KEY_FILE?: string;

  @EnvVar({
    type: 'url',
    description: 'Public base URL of Keel: the issuer of access tokens and the base of links in mails.',
  })
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http:// or https:// URL' })
  PUBLIC_URL = 'http://localhost:3000';

  @EnvVar({
    type: 'string',
    description:
      'Base URL of the web client; mails link to <APP_URL>/verify-email?token=…, /reset-password and /accept-invite.',
  })
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http:// or https:// URL' })
  APP_URL = 'http://localhost:3000';

  @EnvVar({ type: 'string', description: 'Audience (`aud`) of the access tokens Keel issues and accepts.' })
  @IsString()
  @MinLength(1)
  ACCESS_TOKEN_AUDIENCE = 'keel-api';

  @EnvVar({ type: 'integer', description: 'Lifetime of an access token, in seconds.' })
  @Transform(toInteger)
  @Min(60)
  @Max(3600)
  @IsInt()
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @EnvVar({ type: 'integer', description: 'Lifetime of a session (its refresh token family) without use, in days.' })
  @Transform(toInteger)
  @Min(1)
  @Max(365)
  @IsInt()
  SESSION_TTL_DAYS = 30;

  @EnvVar({
    type: 'integer',
    description:
      'How long a spent refresh token, presented again, still receives the same successor (a client that lost the response), in seconds. Later it counts as reuse.',
  })
  @Transform(toInteger)
  @Min(0)
  @Max(60)
  @IsInt()
  REFRESH_RETRY_WINDOW_SECONDS = 10;

  @EnvVar({
    type: 'integer',
    description: 'Age after which a new token signing key replaces the current one, in days.',
  })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  SIGNING_KEY_ROTATION_DAYS = 30;

  @EnvVar({
    type: 'string',
    description: 'Environment part of new API keys (`keel_<environment>_…`), e.g. live or test.',
  })
  @Matches(/^[a-z0-9]{1,16}$/, { message: 'must be 1 to 16 lower-case letters or digits' })
  API_KEY_ENVIRONMENT = 'live';

  @EnvVar({
    type: 'integer',
    description: 'Failed sign-ins allowed per account before each further attempt waits (the wait doubles each time).',
  })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT = 5;

  @EnvVar({
    type: 'integer',
    description:
      'Failed sign-ins allowed per client address before each further attempt waits (the wait doubles each time).',
  })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS = 20;

  @EnvVar({ type: 'integer', description: 'Longest wait imposed after failed sign-ins, in seconds.' })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  SIGN_IN_MAX_LOCK_SECONDS = 900;

  @EnvVar({
    type: 'integer',
    description:
      'Least time between two verification or password-reset mails to one account, in seconds: requests in between are answered the same but send nothing (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  LINK_MAIL_INTERVAL_SECONDS = 60;

  @EnvVar({ type: 'integer', description: 'Lifetime of an invite, in days (at most 30).' })
  @Transform(toInteger)
  @Min(1)
  @Max(30)
  @IsInt()
  INVITE_TTL_DAYS = 7;

  @EnvVar({
    type: 'url',
    description:
      'NATS server (nats://host:port) with JetStream: when set, the relay also publishes every event to the subject keel.<workspaceId>.<type>.',
  })
  @IsOptional()
  @Matches(/^(nats|tls):\/\/\S+$/, { message: 'must be a nats:// or tls:// URL' })
  NATS_URL?: string;

  @EnvVar({
    type: 'string',
    description: 'JetStream stream that holds the events the relay publishes (subjects keel.>).',
  })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1 to 64 letters, digits, dashes or underscores' })
  NATS_STREAM = 'KEEL_EVENTS';

  @EnvVar({
    type: 'integer',
    description:
      'How often the outbox relay looks for events even without a notification, in milliseconds (a safety net).',
  })
  @Transform(toInteger)
  @Min(100)
  @IsInt()
  OUTBOX_POLL_INTERVAL_MS = 5_000;

  @EnvVar({
    type: 'integer',
    description:
      'Relayed events older than this many days, and their completed deliveries, are pruned by a daily job (dead letters and their events are kept).',
  })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  EVENTS_RETENTION_DAYS = 30;

  @EnvVar({ type: 'integer', description: 'Finished job runs older than this many days are pruned by a daily job.' })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  JOBS_RETENTION_DAYS = 30;

  @EnvVar({
    type: 'boolean',
    description:
      'Let webhooks reach private, loopback and link-local addresses (checked on the resolved address). For tests and private deployments only.',
  })
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE = false;

  @EnvVar({ type: 'integer', description: 'Time allowed for one webhook delivery attempt, in milliseconds.' })
  @Transform(toInteger)
  @Min(100)
  @Max(60_000)
  @IsInt()
  WEBHOOK_TIMEOUT_MS = 10_000;
}
