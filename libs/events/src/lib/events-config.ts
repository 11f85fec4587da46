import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import { ConfigSection, EnvVar, toInteger } from '@keel/platform-config';

/**
 * The events backbone's variables: the optional JetStream relay, the
 * outbox relay's safety-net poll, and retention.
 */
@ConfigSection('Events')
export class EventsConfig {
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
      'Relayed events older than this many days, and their completed deliveries, are pruned by a daily job (dead letters and their events are kept); the default of the `events` and `event_deliveries` retention rules, which a platform admin may change (PUT /v1/admin/retention).',
  })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  EVENTS_RETENTION_DAYS = 30;
}
