import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError, findInvalidCharacters, invalidCharacters } from '@keel/platform-errors';
import { tooLarge } from './evidence.service';

/** The evidence form: its text fields, and the bytes of its `file` part. */
export interface EvidenceForm {
  fields: Record<string, string>;
  file: Buffer | undefined;
}

const FIELD_NAMES = ['type', 'source', 'platform', 'collectedAt'];

/**
 * Reads a multipart/form-data upload through @fastify/multipart: at most one
 * file, named `file`, of at most `maxBytes` (else 413), and the known text
 * fields (another field is 422, as an unknown JSON field is).
 */
export async function readEvidenceForm(request: FastifyRequest, maxBytes: number): Promise<EvidenceForm> {
  const fields: Record<string, string> = {};
  let file: Buffer | undefined;
  try {
    for await (const part of request.parts({
      limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12 },
    })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname !== 'file') throw unknownField(part.fieldname);
        file = bytes;
      } else {
        if (!FIELD_NAMES.includes(part.fieldname)) throw unknownField(part.fieldname);
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new DomainError('PAYLOAD_TOO_LARGE', 'An evidence upload carries one file and its few fields.');
    }
    // Anything else thrown while reading parts is the body's fault (busboy's "Unexpected end of form",
    // "Malformed part header", a client gone mid-upload), never the server's: a 400, not a 500.
    throw new DomainError('BAD_REQUEST', 'The multipart body could not be read.');
  }
  // The form's text fields skip the shared check the JSON body gets before validation (it runs on the parsed
  // body, which a multipart request does not have): a NUL here would reach PostgreSQL.
  const unusable = findInvalidCharacters(fields, 'body');
  if (unusable.length > 0) throw invalidCharacters(unusable);
  return { fields, file };
}

function unknownField(name: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `The form has a field "${name}" that evidence does not take.`, {
    errors: [{ field: name, rule: 'whitelistValidation', message: `${name} is not an accepted field` }],
  });
}
