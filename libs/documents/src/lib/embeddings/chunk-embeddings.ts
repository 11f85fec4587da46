import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { EmbeddingProvider, EmbeddingsUnavailableError } from './embedding-provider';
import { EmbeddingMetrics } from './embedding-metrics';
import { DocumentsConfig } from '../documents-config';

export interface EmbeddableChunk {
  sha256: string;
  content: string;
}

/**
 * The vectors of a batch of chunks, inside the ingestion's tenant
 * transaction: those already in the workspace's cache for this model are
 * read, only the others are sent to the provider (in batches), and those are
 * cached in the same transaction, so a failed attempt pays nothing it keeps
 * and a successful one never pays for the same text twice.
 */
@Injectable()
export class ChunkEmbeddings {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly provider: EmbeddingProvider,
    private readonly metrics: EmbeddingMetrics,
    private readonly config: DocumentsConfig,
  ) {}

  get enabled(): boolean {
    return this.provider.enabled;
  }

  get model(): string {
    return this.provider.model;
  }

  /** Least cosine similarity for the vector half of hybrid search to count a chunk as a match. */
  get minSimilarity(): number {
    return this.config.EMBEDDINGS_MIN_SIMILARITY_PERCENT / 100;
  }

  /** One vector per chunk, in order. */
  async vectorsFor(workspaceId: string, chunks: EmbeddableChunk[]): Promise<number[][]> {
    const hashes = [...new Set(chunks.map((chunk) => chunk.sha256))];
    const cached: { sha256: string; embedding: number[] }[] = await this.txHost.tx.query(
      `SELECT sha256, embedding FROM document_embedding_cache
        WHERE workspace_id = $1 AND model = $2 AND sha256 = ANY($3::text[])`,
      [workspaceId, this.provider.model, hashes],
    );
    const known = new Map(cached.map((row) => [row.sha256, row.embedding]));
    this.metrics.cacheHits.inc(chunks.filter((chunk) => known.has(chunk.sha256)).length);

    const missing = [
      ...new Map(chunks.filter((chunk) => !known.has(chunk.sha256)).map((chunk) => [chunk.sha256, chunk])).values(),
    ];
    for (let start = 0; start < missing.length; start += this.provider.batchSize) {
      const batch = missing.slice(start, start + this.provider.batchSize);
      const vectors = await this.provider.embed(batch.map((chunk) => chunk.content));
      this.metrics.embedded.inc(batch.length);
      await this.txHost.tx.query(
        `INSERT INTO document_embedding_cache (workspace_id, model, sha256, embedding)
         SELECT $1, $2, c.sha256, c.embedding
           FROM jsonb_to_recordset($3::jsonb) AS c(sha256 text, embedding real[])
         ON CONFLICT DO NOTHING`,
        [
          workspaceId,
          this.provider.model,
          JSON.stringify(batch.map((chunk, i) => ({ sha256: chunk.sha256, embedding: vectors[i] }))),
        ],
      );
      batch.forEach((chunk, i) => known.set(chunk.sha256, vectors[i]));
    }
    return chunks.map((chunk) => known.get(chunk.sha256) as number[]);
  }

  /** The query's vector, or null when the provider fails (search then stays full text). */
  async queryVector(query: string): Promise<number[] | null> {
    try {
      const [vector] = await this.provider.embed([query]);
      return vector;
    } catch (error) {
      if (!(error instanceof EmbeddingsUnavailableError)) throw error;
      this.metrics.queryFallbacks.inc();
      return null;
    }
  }
}
