import { IsTimestamp } from '@keel/platform-errors';

export class ReplayDeliveriesDto {
  /** Deliveries created at or after this time are replayed. @example "2026-11-29T10:00:00.000Z" */
  @IsTimestamp()
  since: string;
}

export class ReplayedDeliveriesResponse {
  /** How many failed or cancelled deliveries got a new attempt. @example 3 */
  replayed: number;
}
