import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@keel/platform-observability';

/** What embeddings cost and saved: texts sent to the provider, cache hits, searches that fell back to full text. */
@Injectable()
export class EmbeddingMetrics {
  readonly embedded: Counter;
  readonly cacheHits: Counter;
  readonly queryFallbacks: Counter;

  constructor(metrics: MetricsRegistry) {
    this.embedded = new Counter({
      name: 'keel_document_embeddings_requested_total',
      help: 'Chunk texts sent to the embeddings provider (each one paid for).',
      registers: [metrics.registry],
    });
    this.cacheHits = new Counter({
      name: 'keel_document_embedding_cache_hits_total',
      help: 'Chunks whose vector came from the cache instead of the provider.',
      registers: [metrics.registry],
    });
    this.queryFallbacks = new Counter({
      name: 'keel_document_search_fallbacks_total',
      help: 'Searches answered by full text alone because the query could not be embedded.',
      registers: [metrics.registry],
    });
  }
}
