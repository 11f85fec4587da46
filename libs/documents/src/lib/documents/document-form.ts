import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError, findInvalidCharacters, invalidCharacters } from '@keel/platform-errors';
import { BlobStore, BlobTooLargeError, StoredBlob } from '@keel/platform-storage';
import { SNIFF_BYTES } from './media-types';

/** The upload form: its text fields (tags and allowedRoles repeatable or comma-separated), and the stored file. */
export interface DocumentForm {
  fields: Record<string, string | string[]>;
  file: UploadedFile | undefined;
}

export interface UploadedFile {
  blob: StoredBlob;
  /** The first bytes, for the text check of media-type sniffing. */
  head: Buffer;
  fileName: string | null;
  declaredType: string | undefined;
}

const TEXT_FIELDS = ['title', 'visibility'];
const LIST_FIELDS = ['tags', 'allowedRoles'];

export function tooLarge(maxBytes: number): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', `A document may be at most ${maxBytes} bytes (DOCUMENT_MAX_BYTES).`);
}

/**
 * Reads a multipart/form-data upload through @fastify/multipart, streaming
 * the `file` part into the blob store as it arrives (never whole in memory;
 * size and SHA-256 computed on the way) under a generated key. Over
 * `maxBytes` is 413 and nothing is kept; any failure after the file was
 * stored deletes it again.
 */
export async function readDocumentForm(
  request: FastifyRequest,
  store: BlobStore,
  namespace: string,
  maxBytes: number,
): Promise<DocumentForm> {
  const fields: Record<string, string | string[]> = {};
  let file: UploadedFile | undefined;
  try {
    for await (const part of request.parts({
      limits: { fileSize: maxBytes + 1, files: 1, fields: 50, fieldSize: 4096, parts: 52 },
    })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw unknownField(part.fieldname);
        }
        let head = Buffer.alloc(0);
        const source = async function* (): AsyncGenerator<Buffer> {
          for await (const chunk of part.file as AsyncIterable<Buffer>) {
            if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
            yield chunk;
          }
        };
        const blob = await store.put(store.newKey(namespace), source(), { maxBytes });
        file = { blob, head, fileName: part.filename || null, declaredType: part.mimetype };
        if (part.file.truncated) throw tooLarge(maxBytes);
      } else if (TEXT_FIELDS.includes(part.fieldname)) {
        fields[part.fieldname] = String(part.value);
      } else if (LIST_FIELDS.includes(part.fieldname)) {
        const values = String(part.value)
          .split(',')
          .map((value) => value.trim())
          .filter((value) => value.length > 0);
        const list = fields[part.fieldname];
        fields[part.fieldname] = [...(Array.isArray(list) ? list : []), ...values];
      } else {
        throw unknownField(part.fieldname);
      }
    }
    // A NUL in a form field would reach PostgreSQL: the JSON body's shared check never sees form fields.
    const unusable = findInvalidCharacters(fields, 'body');
    if (unusable.length > 0) throw invalidCharacters(unusable);
    return { fields, file };
  } catch (error) {
    if (file) await store.delete(file.blob.key).catch(() => undefined);
    if (error instanceof DomainError) throw error;
    if (error instanceof BlobTooLargeError) throw tooLarge(maxBytes);
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new DomainError('PAYLOAD_TOO_LARGE', 'A document upload carries one file and its few fields.');
    }
    // The store's own trouble (a full disk, a permission): the server's fault, a 500 with its id.
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && code !== 'ECONNRESET') throw error;
    // busboy's "Unexpected end of form", a malformed part header, a client gone mid-upload: the body's fault.
    throw new DomainError('BAD_REQUEST', 'The multipart body could not be read.');
  }
}

function unknownField(name: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `The form has a field "${name}" that a document upload does not take.`, {
    errors: [{ field: name, rule: 'whitelistValidation', message: `${name} is not an accepted field` }],
  });
}
