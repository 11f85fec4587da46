import type { Meter } from '../meter.entity';

export class MeterResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a91" */
  id: string;
  /** @example "tokens" */
  key: string;
  /** @example "llm.completion" */
  eventType: string;
  /** @example "sum" */
  aggregation: string;
  /** @example "tokens" */
  valueProperty: string | null;
  /** @example ["model"] */
  groupBy: string[];
  /** @example "2026-12-07T10:00:00.000Z" */
  createdAt: string;

  static of(meter: Meter): MeterResponse {
    return {
      id: meter.id,
      key: meter.key,
      eventType: meter.eventType,
      aggregation: meter.aggregation,
      valueProperty: meter.valueProperty,
      groupBy: meter.groupBy,
      createdAt: meter.createdAt.toISOString(),
    };
  }
}

export class MeterListResponse {
  data: MeterResponse[];
}
