import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '@keel/platform-observability';

/** Ingestion outcomes (indexed, failed, dead) and durations, by media type. */
@Injectable()
export class IngestionMetrics {
  readonly outcomes: Counter<'media_type' | 'outcome'>;
  readonly duration: Histogram<'media_type' | 'outcome'>;
  readonly chunks: Counter<'media_type'>;

  constructor(metrics: MetricsRegistry) {
    this.outcomes = new Counter({
      name: 'keel_document_ingestions_total',
      help: 'Document ingestion attempts that ended, by media type and outcome (indexed, failed: retried later, dead: given up).',
      labelNames: ['media_type', 'outcome'],
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'keel_document_ingestion_duration_seconds',
      help: 'Duration of document ingestion attempts, by media type and outcome.',
      labelNames: ['media_type', 'outcome'],
      buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers: [metrics.registry],
    });
    this.chunks = new Counter({
      name: 'keel_document_chunks_indexed_total',
      help: 'Chunks written by ingestion, by media type.',
      labelNames: ['media_type'],
      registers: [metrics.registry],
    });
  }
}
