import type { BenchItem } from '../bench-item.entity';

/** What the API returns for a bench item; the entity itself never leaves the service. */
export class BenchItemResponse {
  id: string;
  workspaceId: string;
  name: string;
  quantity: number;
  createdAt: Date;

  static of(item: BenchItem): BenchItemResponse {
    return Object.assign(new BenchItemResponse(), {
      id: item.id,
      workspaceId: item.workspaceId,
      name: item.name,
      quantity: item.quantity,
      createdAt: item.createdAt,
    });
  }
}
