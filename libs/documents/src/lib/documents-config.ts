import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ConfigSection, EnvVar, toInteger } from '@keel/platform-config';

export const EMBEDDINGS_PROVIDERS = ['none', 'openai'] as const;
export type EmbeddingsProviderName = (typeof EMBEDDINGS_PROVIDERS)[number];

const usesOpenAi = (config: DocumentsConfig) => config.EMBEDDINGS_PROVIDER === 'openai';

/** Documents: upload limits, ingestion attempts, chunk sizes, and the optional embeddings behind hybrid search. */
@ConfigSection('Documents')
export class DocumentsConfig {
  @EnvVar({
    type: 'integer',
    description:
      'Largest document one upload may carry, in bytes; a larger one is refused with 413 and nothing is kept.',
  })
  @Transform(toInteger)
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  @IsInt()
  DOCUMENT_MAX_BYTES = 50 * 1024 * 1024;

  @EnvVar({
    type: 'integer',
    description:
      'Ingestion attempts per document (the first included), with backoff between them; after the last failed one the document is dead.',
  })
  @Transform(toInteger)
  @Min(1)
  @Max(20)
  @IsInt()
  DOCUMENT_MAX_ATTEMPTS = 5;

  @EnvVar({
    type: 'integer',
    description: 'Most tokens in one chunk (counted with the cl100k_base tokenizer).',
  })
  @Transform(toInteger)
  @Min(50)
  @Max(8000)
  @IsInt()
  CHUNK_MAX_TOKENS = 800;

  @EnvVar({
    type: 'integer',
    description: 'Overlap between consecutive chunks of one section, in percent of CHUNK_MAX_TOKENS.',
  })
  @Transform(toInteger)
  @Min(0)
  @Max(50)
  @IsInt()
  CHUNK_OVERLAP_PERCENT = 15;

  @EnvVar({
    type: 'enum',
    values: EMBEDDINGS_PROVIDERS,
    description:
      'none (the default): search is full text only. openai: chunks are embedded through an OpenAI-compatible /v1/embeddings endpoint when they are indexed, and search fuses full text with vector similarity (hybrid).',
  })
  @IsIn(EMBEDDINGS_PROVIDERS)
  EMBEDDINGS_PROVIDER: EmbeddingsProviderName = 'none';

  @EnvVar({
    type: 'url',
    description:
      'Base URL of the OpenAI-compatible API (up to and including /v1): OpenAI itself, Azure OpenAI, or a self-hosted server speaking the same wire format.',
  })
  @ValidateIf(usesOpenAi)
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http:// or https:// URL' })
  EMBEDDINGS_BASE_URL = 'https://api.openai.com/v1';

  @EnvVar({
    type: 'string',
    secret: true,
    description: 'API key sent to the embeddings endpoint (required for openai).',
  })
  @ValidateIf(usesOpenAi)
  @IsString()
  @MinLength(1)
  EMBEDDINGS_API_KEY?: string;

  @EnvVar({
    type: 'string',
    description:
      'Embedding model. Vectors of different models are never compared: after a change, reprocess the documents to embed them with the new one.',
  })
  @IsString()
  @MinLength(1)
  EMBEDDINGS_MODEL = 'text-embedding-3-small';

  @EnvVar({
    type: 'integer',
    description:
      'Least cosine similarity, in percent, for a chunk to count as a match of the vector half of hybrid search: below it, a chunk is found by its words or not at all (so a query about nothing in the workspace finds nothing).',
  })
  @Transform(toInteger)
  @Min(0)
  @Max(100)
  @IsInt()
  EMBEDDINGS_MIN_SIMILARITY_PERCENT = 25;

  @EnvVar({ type: 'integer', description: 'Chunks sent in one embeddings request.' })
  @Transform(toInteger)
  @Min(1)
  @Max(2048)
  @IsInt()
  EMBEDDINGS_BATCH_SIZE = 64;

  @EnvVar({
    type: 'integer',
    description: 'How long one embeddings request may take, in milliseconds, before it counts as failed.',
  })
  @Transform(toInteger)
  @Min(1000)
  @Max(300_000)
  @IsInt()
  EMBEDDINGS_TIMEOUT_MS = 30_000;
}
