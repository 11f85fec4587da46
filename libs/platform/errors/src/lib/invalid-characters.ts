import { DomainError } from './domain-error';
import { jsonPathOf } from './json-path';
import { FieldError } from './problem';

const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Enough to point a client at its mistake; a body full of them does not make a huge answer. */
const MAX_REPORTED = 20;

/** Why `text` cannot be stored, or undefined when it can. */
function problemWith(text: string): { rule: string; message: string } | undefined {
  if (text.includes(NUL)) return { rule: 'noNulCharacter', message: 'contains a NUL character (\\u0000)' };
  if (LONE_SURROGATE.test(text)) {
    return { rule: 'wellFormedUnicode', message: 'contains a lone UTF-16 surrogate, which is not Unicode text' };
  }
  return undefined;
}

interface Pending {
  value: unknown;
  /** Dotted, the way validation names fields (`actions.0.type`); empty for the whole body. */
  field: string;
  /** Set when the value sits under a key that is itself unusable: reported at the parent, the key not repeated. */
  keyProblem?: { rule: string; message: string };
}

/**
 * The strings (values and keys) of a request part that PostgreSQL cannot
 * store, or that are not text at all: a NUL (`text` and `jsonb` refuse
 * 0x00) and a lone UTF-16 surrogate (no UTF-8 encoding exists). Walked with
 * a loop, not recursion; the body's depth is bounded before it is parsed.
 * Body fields get their JSON path; query and path parameters only a name.
 */
export function findInvalidCharacters(value: unknown, part: 'body' | 'query' | 'path'): FieldError[] {
  const found: FieldError[] = [];
  const report = (field: string, problem: { rule: string; message: string }): void => {
    const name = field === '' ? part : field;
    found.push({
      field: name,
      rule: problem.rule,
      message: `${name} ${problem.message}`,
      ...(part === 'body' ? { path: field === '' ? '$' : jsonPathOf(field) } : {}),
    });
  };
  const pending: Pending[] = [{ value, field: '' }];
  while (pending.length > 0 && found.length < MAX_REPORTED) {
    const { value: current, field, keyProblem } = pending.pop() as Pending;
    if (keyProblem) {
      report(field, { rule: keyProblem.rule, message: `has a field name that ${keyProblem.message}` });
    } else if (typeof current === 'string') {
      const problem = problemWith(current);
      if (problem) report(field, problem);
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      // Pushed in reverse so fields are reported in the order they were sent.
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index];
        const unusableKey = problemWith(key);
        if (unusableKey) pending.push({ value: item, field, keyProblem: unusableKey });
        else pending.push({ value: item, field: field === '' ? key : `${field}.${key}` });
      }
    }
  }
  return found;
}

/** The 422 INVALID_CHARACTERS for what `findInvalidCharacters` found. */
export function invalidCharacters(errors: FieldError[]): DomainError {
  const fields = errors.map((error) => error.field).join(', ');
  return new DomainError(
    'INVALID_CHARACTERS',
    `Text may not contain NUL characters or lone UTF-16 surrogates: ${fields}.`,
    { errors },
  );
}
