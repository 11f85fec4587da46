import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/**
 * An ajv for tools' input schemas: every error reported, the standard
 * formats (`email`, `uri`, `date-time`, …) checked, unknown keywords let
 * through (a workspace's schema may carry annotations of its own), and
 * nothing written to the console.
 */
export function toolSchemaAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  return ajv;
}
