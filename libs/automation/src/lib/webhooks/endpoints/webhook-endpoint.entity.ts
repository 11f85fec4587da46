import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** Why an endpoint is disabled: a person (or key) turned it off, or it kept failing for days. */
export type WebhookEndpointDisabledReason = 'manual' | 'failing';

/**
 * A URL of the workspace's that receives its events as signed webhooks. The
 * signing secret is kept sealed under the master key (associated data: the
 * endpoint id) and shown once, when the endpoint is created or its secret
 * rotated.
 */
@Entity({ name: 'webhook_endpoints' })
// A previous secret always has its expiry, and an expiry always its secret (the rotation migration's constraint).
@Check(
  'webhook_endpoints_previous_secret_expiry',
  '(previous_secret_sealed IS NULL) = (previous_secret_expires_at IS NULL)',
)
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class WebhookEndpoint {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** http or https; the address it resolves to is checked at each attempt. */
  @Column('text')
  url: string;

  /** Event types from the catalog, or `['*']` for every type. */
  @Column('text', { array: true })
  eventTypes: string[];

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('text', { default: '' })
  description: string;

  /** `whsec_…`, sealed by SecretBox (see webhookSecretAssociatedData). */
  @Column('text')
  secretSealed: string;

  /** The secret a rotation replaced, sealed (see webhookPreviousSecretAssociatedData); still signs until it expires. */
  @Column('text', { nullable: true })
  previousSecretSealed: string | null;

  /** When the previous secret stops signing: 24 hours after the rotation. */
  @Column('timestamptz', { nullable: true })
  previousSecretExpiresAt: Date | null;

  /** When the endpoint's current run of failures began (its first failure since its last success); null while it succeeds. */
  @Column('timestamptz', { nullable: true })
  failingSince: Date | null;

  @Column('timestamptz', { nullable: true })
  disabledAt: Date | null;

  @Column('text', { nullable: true })
  disabledReason: WebhookEndpointDisabledReason | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
