import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigSection, EnvVar, toInteger } from '@keel/platform-config';

/** Documents: upload limits, ingestion attempts and chunk sizes. */
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
}
