import type { WebhookEndpoint } from '../webhook-endpoint.entity';

export class WebhookEndpointResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a50" */
  id: string;
  /** @example "https://hooks.example.com/keel" */
  url: string;
  /** @example ["project.created", "project.transitioned"] */
  eventTypes: string[];
  /** @example true */
  enabled: boolean;
  /** @example "Production CRM sync" */
  description: string;
  /** When the endpoint's current run of failures began; null while its deliveries succeed. @example null */
  failingSince: string | null;
  /** @example null */
  disabledAt: string | null;
  /** `manual` (turned off through the API) or `failing` (Keel disabled it after 5 days of failures). @example null */
  disabledReason: string | null;
  /** Until when the secret replaced by the last rotation still signs deliveries (beside the current one); null when none does. @example null */
  previousSecretExpiresAt: string | null;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:00:00.000Z" */
  updatedAt: string;

  static of(endpoint: WebhookEndpoint): WebhookEndpointResponse {
    return {
      id: endpoint.id,
      url: endpoint.url,
      eventTypes: endpoint.eventTypes,
      enabled: endpoint.enabled,
      description: endpoint.description,
      failingSince: endpoint.failingSince?.toISOString() ?? null,
      disabledAt: endpoint.disabledAt?.toISOString() ?? null,
      disabledReason: endpoint.disabledReason,
      previousSecretExpiresAt: liveUntil(endpoint.previousSecretExpiresAt),
      createdAt: endpoint.createdAt.toISOString(),
      updatedAt: endpoint.updatedAt.toISOString(),
    };
  }
}

/** An expiry that has passed is shown as none. */
function liveUntil(expiresAt: Date | null): string | null {
  return expiresAt && expiresAt.getTime() > Date.now() ? expiresAt.toISOString() : null;
}

export class CreatedWebhookEndpointResponse extends WebhookEndpointResponse {
  /** The signing secret: shown in this response only, store it now. @example "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwQ3Xk6q0hZ5Y=" */
  secret: string;
}

export class WebhookEndpointListResponse {
  data: WebhookEndpointResponse[];
  /** @example null */
  nextCursor: string | null;
}
