import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { ConfigSection, EnvVar, toBoolean, toInteger } from '@keel/platform-config';

/**
 * Automation's variables: webhook deliveries.
 */
@ConfigSection('Automation')
export class AutomationConfig {
  @EnvVar({
    type: 'boolean',
    description:
      'Let webhooks and AI HTTP tools reach private, loopback and link-local addresses (checked on the resolved address). For tests and private deployments only.',
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

  @EnvVar({
    type: 'integer',
    description:
      'Webhook delivery attempts one worker process sends at once. A worker killed mid-send repeats the attempts it had sent but not yet recorded (receivers deduplicate on webhook-id), so this also bounds the repeats one crash can cause.',
  })
  @Transform(toInteger)
  @Min(1)
  @Max(200)
  @IsInt()
  WEBHOOK_CONCURRENCY = 20;
}
