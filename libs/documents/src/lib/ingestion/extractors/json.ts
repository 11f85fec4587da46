import { IngestionError, Section } from '../section';

/** JSON: each top-level member of an object is a section under its name; anything else one section. */
export function jsonSections(text: string): Section[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new IngestionError('EXTRACTION_FAILED', `The JSON does not parse: ${(error as Error).message}`);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).map(([key, member]) => ({
      headingPath: [key],
      page: null,
      text: typeof member === 'string' ? member : JSON.stringify(member, null, 2),
      kind: 'text' as const,
    }));
  }
  return [{ headingPath: [], page: null, text: JSON.stringify(value, null, 2), kind: 'text' }];
}
