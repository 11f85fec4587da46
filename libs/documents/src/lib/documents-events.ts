import type { EventTypeDefinition, JsonSchema } from '@keel/events';

export const DOCUMENTS_EVENT_VERSION = 1;

const document: JsonSchema = {
  type: 'object',
  required: ['id', 'title', 'mediaType', 'sizeBytes', 'sha256', 'status', 'visibility'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    mediaType: { type: 'string' },
    sizeBytes: { type: 'integer' },
    sha256: { type: 'string' },
    status: { enum: ['queued', 'processing', 'indexed', 'failed', 'dead'] },
    visibility: { enum: ['workspace', 'restricted'] },
    chunkCount: { type: 'integer' },
  },
};

export const DOCUMENTS_EVENT_DEFINITIONS: EventTypeDefinition[] = [
  {
    type: 'document.uploaded',
    version: DOCUMENTS_EVENT_VERSION,
    description: 'A document was uploaded and queued for ingestion (not for a duplicate upload).',
    schema: { type: 'object', required: ['document'], properties: { document } },
  },
  {
    type: 'document.indexed',
    version: DOCUMENTS_EVENT_VERSION,
    description: 'A document was ingested: its chunks are searchable.',
    schema: { type: 'object', required: ['document'], properties: { document } },
  },
  {
    type: 'document.failed',
    version: DOCUMENTS_EVENT_VERSION,
    description: 'Ingestion gave up on a document after its last attempt (status dead), with the reason.',
    schema: {
      type: 'object',
      required: ['document', 'error'],
      properties: {
        document,
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
  },
  {
    type: 'document.deleted',
    version: DOCUMENTS_EVENT_VERSION,
    description: 'A document, its chunks and its stored bytes were deleted.',
    schema: {
      type: 'object',
      required: ['document'],
      properties: {
        document: {
          type: 'object',
          required: ['id', 'title', 'sha256'],
          properties: { id: { type: 'string' }, title: { type: 'string' }, sha256: { type: 'string' } },
        },
      },
    },
  },
];
