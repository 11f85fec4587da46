import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { isUniqueViolation, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { API_RATE_LIMIT_FEATURE, COUNTED_FEATURES } from '../catalog/plan';
import { CreateMeterDto } from './dto/meter.dto';
import { Meter } from './meter.entity';
import { BUILT_IN_METERS, isBuiltInMeter } from './built-in-meters';

/** Keys Keel counts itself (and the plan's rate limit): a meter cannot take them. */
const RESERVED_KEYS: readonly string[] = [...BUILT_IN_METERS, ...COUNTED_FEATURES, API_RATE_LIMIT_FEATURE];

/** A built-in meter, as reads see it. */
export interface MeterView {
  key: string;
  aggregation: Meter['aggregation'];
  groupBy: string[];
}

/** The workspace's meters; every method runs in its tenant transaction. */
@Injectable()
export class MetersService {
  constructor(private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>) {}

  private get meters() {
    return this.txHost.tx.getRepository(Meter);
  }

  list(workspaceId: string): Promise<Meter[]> {
    return this.meters.find({ where: { workspaceId }, order: { key: 'ASC' } });
  }

  /** The meters counting events of these types. */
  forEventTypes(workspaceId: string, types: string[]): Promise<Meter[]> {
    if (types.length === 0) return Promise.resolve([]);
    return this.meters
      .createQueryBuilder('meter')
      .where('meter.workspace_id = :workspaceId AND meter.event_type = ANY(:types)', { workspaceId, types })
      .getMany();
  }

  /** A meter by key, the built-in ones (`api_requests`, `ai_tokens`, `ai_tool_calls`) included; undefined when the workspace has none. */
  async find(workspaceId: string, key: string): Promise<MeterView | undefined> {
    if (isBuiltInMeter(key)) return { key, aggregation: 'sum', groupBy: [] };
    return (await this.meters.findOneBy({ workspaceId, key })) ?? undefined;
  }

  /** 409 METER_KEY_TAKEN for a key in use; 422 for a key Keel counts itself. */
  async create(workspaceId: string, dto: CreateMeterDto): Promise<Meter> {
    if (RESERVED_KEYS.includes(dto.key)) {
      throw new DomainError('VALIDATION_FAILED', `"${dto.key}" is counted by Keel itself; choose another key.`, {
        errors: [{ field: 'key', rule: 'reserved', message: 'key is reserved' }],
      });
    }
    const meter: Meter = {
      workspaceId,
      id: newId(),
      key: dto.key,
      eventType: dto.eventType,
      aggregation: dto.aggregation,
      valueProperty: dto.valueProperty ?? null,
      groupBy: [...new Set(dto.groupBy ?? [])],
      createdAt: new Date(),
    };
    try {
      await this.txHost.withTransaction(Propagation.Nested, () => this.meters.insert(meter));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('METER_KEY_TAKEN', `This workspace already has a meter "${dto.key}".`, {
          errors: [{ field: 'key', rule: 'unique', message: 'key is taken' }],
        });
      }
      throw error;
    }
    return meter;
  }
}
