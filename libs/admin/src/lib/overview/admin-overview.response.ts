export class CountFigureResponse {
  /** Null until first computed. @example 42 */
  value: number | null;
  /** When the figure was computed; null if never. @example "2026-12-07T10:05:00.000Z" */
  computedAt: string | null;
}

export class CountsByKeyFigureResponse {
  /** @example {"succeeded":120,"failed":3,"cancelled":1} */
  value: Record<string, number> | null;
  /** @example "2026-12-07T10:05:00.000Z" */
  computedAt: string | null;
}

export class WorkspaceCountsResponse {
  /** @example 42 */
  total: number;
  /** @example {"active":40,"suspended":1,"pending_deletion":1} */
  byStatus: Record<string, number>;
  /** Workspaces by the key of their subscription's plan. @example {"free":30,"team":12} */
  byPlan: Record<string, number>;
}

export class WorkspacesFigureResponse {
  value: WorkspaceCountsResponse | null;
  /** @example "2026-12-07T10:05:00.000Z" */
  computedAt: string | null;
}

export class WebhookEndpointCountsResponse {
  /** Endpoints whose deliveries fail, not yet disabled. @example 2 */
  failing: number;
  /** @example 1 */
  disabled: number;
}

export class WebhookEndpointsFigureResponse {
  value: WebhookEndpointCountsResponse | null;
  /** @example "2026-12-07T10:05:00.000Z" */
  computedAt: string | null;
}

/** The platform overview: cached figures, each with the time it was computed. */
export class AdminOverviewResponse {
  workspaces: WorkspacesFigureResponse;
  users: CountFigureResponse;
  /** Sessions neither revoked nor expired. */
  activeSessions: CountFigureResponse;
  /** Domain events of the last 24 hours. */
  events24h: CountFigureResponse;
  /** Job runs created in the last 24 hours, by status. */
  jobRuns24h: CountsByKeyFigureResponse;
  /** Event deliveries that exhausted their retries. */
  deadLetters: CountFigureResponse;
  webhookEndpoints: WebhookEndpointsFigureResponse;
  /** Age in seconds of the oldest event not relayed yet; 0 when none waits. */
  outboxLagSeconds: CountFigureResponse;
  /** Bytes the documents of every workspace hold in the blob store. */
  storedBytes: CountFigureResponse;
}
