import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@keel/platform-errors';
import { BlobStore, BlobTooLargeError, StoredBlob } from '@keel/platform-storage';
import { BUNDLE_MEDIA_TYPE } from './bundle-format';

/** The import form: the bundle (`file`, stored as it arrives) and `force`. */
export interface BundleUpload {
  blob: StoredBlob;
  force: boolean;
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', `A bundle may be at most ${maxBytes} bytes (BUNDLE_MAX_BYTES).`);
}

/**
 * Reads the multipart/form-data of POST /v1/admin/imports: `file` streamed
 * into the blob store under a key the store generates (never whole in
 * memory, its SHA-256 computed on the way), and `force` (`true`); nothing
 * else. Over `maxBytes` is 413, and a failure after the file was stored
 * deletes it again.
 */
export async function readBundleUpload(
  request: FastifyRequest,
  store: BlobStore,
  maxBytes: number,
): Promise<BundleUpload> {
  if (!request.isMultipart()) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Upload a bundle as multipart/form-data with a file field.');
  }
  let blob: StoredBlob | undefined;
  let force = false;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes + 1, files: 1, fields: 1, parts: 2 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw unknownField(part.fieldname);
        }
        blob = await store.put(store.newKey('imports'), part.file, { maxBytes, contentType: BUNDLE_MEDIA_TYPE });
        if (part.file.truncated) throw tooLarge(maxBytes);
      } else if (part.fieldname === 'force') {
        force = isTrue(String(part.value));
      } else {
        throw unknownField(part.fieldname);
      }
    }
    if (!blob) {
      throw new DomainError('VALIDATION_FAILED', 'The form has no file.', {
        errors: [{ field: 'file', rule: 'isDefined', message: 'file is required' }],
      });
    }
    return { blob, force };
  } catch (error) {
    if (blob) await store.delete(blob.key).catch(() => undefined);
    if (error instanceof DomainError) throw error;
    if (error instanceof BlobTooLargeError) throw tooLarge(maxBytes);
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new DomainError('PAYLOAD_TOO_LARGE', 'An import carries one file and, at most, the force field.');
    }
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && code !== 'ECONNRESET') throw error;
    throw new DomainError('BAD_REQUEST', 'The multipart body could not be read.');
  }
}

export function isTrue(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

function unknownField(name: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `The form has a field "${name}" that an import does not take.`, {
    errors: [{ field: name, rule: 'whitelistValidation', message: `${name} is not an accepted field` }],
  });
}
