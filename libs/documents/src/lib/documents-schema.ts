import { DocumentChunk } from './chunks/document-chunk.entity';
import { Document } from './documents/document.entity';
import { DocumentEmbeddingCache } from './embeddings/document-embedding-cache.entity';
import { Documents1764000015500 } from '../migrations/1764000015500-documents';
import { DocumentEmbeddings1764000015600 } from '../migrations/1764000015600-document-embeddings';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const documentsEntities: Function[] = [Document, DocumentChunk, DocumentEmbeddingCache];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const documentsMigrations: Function[] = [Documents1764000015500, DocumentEmbeddings1764000015600];
