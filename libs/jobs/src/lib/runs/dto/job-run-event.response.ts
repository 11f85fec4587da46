import { JobRunEvent } from '../job-run-event.entity';

export class JobRunEventResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a61" */
  id: string;
  /** `status`, `progress`, `checkpoint`, `error` or `cancel_requested`. @example "status" */
  kind: string;
  /** @example "running" */
  status: string | null;
  /** @example null */
  progress: number | null;
  /** @example "attempt 1" */
  message: string | null;
  /** @example "2026-11-29T10:00:00.050Z" */
  occurredAt: string;

  static of(event: JobRunEvent): JobRunEventResponse {
    return {
      id: event.id,
      kind: event.kind,
      status: event.status,
      progress: event.progress,
      message: event.message,
      occurredAt: event.occurredAt.toISOString(),
    };
  }
}

export class JobRunEventListResponse {
  data: JobRunEventResponse[];
  /** @example null */
  nextCursor: string | null;
}
