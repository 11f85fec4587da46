import { DocumentChunk } from './chunks/document-chunk.entity';
import { Document } from './documents/document.entity';
import { Documents1764000015500 } from '../migrations/1764000015500-documents';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const documentsEntities: Function[] = [Document, DocumentChunk];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const documentsMigrations: Function[] = [Documents1764000015500];
