import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { ConfigSection } from './config-section.decorator';
import { toInteger, toBoolean, toList } from './env-transforms';
import { IsTrustProxy } from './env-validators';
import { EnvVar } from './env-var.decorator';

export const KEEL_ROLES = ['all', 'api', 'worker'] as const;
export type KeelRole = (typeof KEEL_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The kernel's own variables: the process role, HTTP, the database, logging
 * and the master key. Each context declares its own in a class beside its code
 * (IdentityConfig, TenancyConfig, …); all are validated together at start.
 * Defaults are the property initialisers; docs/configuration.md is generated
 * from the classes.
 */
@ConfigSection('Kernel')
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
    type: 'integer',
    description:
      'Port of the metrics listener, which serves /metrics apart from the API when HOST is not a loopback address (0 picks a free one). With a loopback HOST, /metrics is on PORT instead.',
  })
  @Transform(toInteger)
  @Min(0)
  @Max(65535)
  @IsInt()
  METRICS_PORT = 9464;

  @EnvVar({ type: 'string', description: 'Interface the metrics listener binds to (see METRICS_PORT).' })
  @IsString()
  @MinLength(1)
  METRICS_HOST = '127.0.0.1';

  @EnvVar({
    type: 'string',
    secret: true,
    description:
      'When set, /metrics asks for it as a bearer token (Authorization: Bearer …) wherever it is served, and is also served on PORT, for scrapers that reach Keel only through its public port.',
  })
  @IsOptional()
  // A bearer token is one word; at least 16 characters, so it is not guessed.
  @Matches(/^\S{16,}$/, { message: 'must be at least 16 characters, without spaces' })
  METRICS_TOKEN?: string;

  @EnvVar({
    type: 'string',
    description:
      'The commit Keel was built from, set by the build or the deployment; shown as the commit label of keel_build_info.',
  })
  @IsOptional()
  @IsString()
  KEEL_COMMIT?: string;

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
}
