import { Injectable } from '@nestjs/common';
import OpenAI from 'openai';
import { DocumentsConfig } from '../documents-config';

/** A provider's failure, in words safe to store on a document and to log (never the key, never the request). */
export class EmbeddingsUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddingsUnavailableError';
  }
}

/**
 * Turns texts into unit-length vectors of one model. `none` embeds nothing
 * (search stays full text); `openai` calls an OpenAI-compatible
 * `/v1/embeddings` through the official SDK.
 */
@Injectable()
export class EmbeddingProvider {
  readonly enabled: boolean;
  readonly model: string;
  readonly batchSize: number;
  private readonly client: OpenAI | null;

  constructor(config: DocumentsConfig) {
    this.enabled = config.EMBEDDINGS_PROVIDER === 'openai';
    this.model = config.EMBEDDINGS_MODEL;
    this.batchSize = config.EMBEDDINGS_BATCH_SIZE;
    this.client = this.enabled
      ? new OpenAI({
          apiKey: config.EMBEDDINGS_API_KEY,
          baseURL: config.EMBEDDINGS_BASE_URL,
          timeout: config.EMBEDDINGS_TIMEOUT_MS,
          maxRetries: 2,
          // The SDK's own console logging stays off: Keel logs what matters, without keys or texts.
          logLevel: 'off',
        })
      : null;
  }

  /** One vector per text, in order, each scaled to length 1 (so a dot product is the cosine). */
  async embed(texts: string[]): Promise<number[][]> {
    if (!this.client) throw new EmbeddingsUnavailableError('No embeddings provider is configured.');
    if (texts.length === 0) return [];
    let response: OpenAI.Embeddings.CreateEmbeddingResponse;
    try {
      response = await this.client.embeddings.create({ model: this.model, input: texts });
    } catch (error) {
      throw new EmbeddingsUnavailableError(describe(error));
    }
    const vectors: number[][] = new Array(texts.length);
    for (const item of response.data) vectors[item.index] = normalised(item.embedding);
    for (let index = 0; index < texts.length; index++) {
      if (!vectors[index] || vectors[index].length === 0) {
        throw new EmbeddingsUnavailableError(`The embeddings response has no vector for input ${index}.`);
      }
    }
    return vectors;
  }
}

function normalised(vector: number[]): number[] {
  const length = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return length > 0 ? vector.map((value) => value / length) : vector;
}

function describe(error: unknown): string {
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    return `The embeddings provider answered ${error.status}${error.code ? ` (${error.code})` : ''}.`;
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'The embeddings provider did not answer in time.';
  if (error instanceof OpenAI.APIConnectionError) return 'The embeddings provider could not be reached.';
  return 'The embeddings request failed.';
}
