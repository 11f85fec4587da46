import type { Section } from '../section';

const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^ {0,3}(```|~~~)/;

/**
 * Markdown, line by line: ATX headings (`#` to `######`, not inside code
 * fences) open a section under their path — `## Enterprise` under
 * `# Pricing` is `["Pricing", "Enterprise"]`; the text between is kept as it is.
 */
export function* markdownSections(text: string): Generator<Section> {
  const path: string[] = [];
  let lines: string[] = [];
  let fence: string | null = null;
  const flush = function* (): Generator<Section> {
    const body = lines.join('\n').trim();
    lines = [];
    if (body.length > 0) yield { headingPath: [...path], page: null, text: body, kind: 'text' };
  };
  for (const line of text.split(/\r?\n/)) {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      if (fence === null) fence = fenceMatch[1];
      else if (fence === fenceMatch[1]) fence = null;
      lines.push(line);
      continue;
    }
    const heading = fence === null ? HEADING.exec(line) : null;
    if (heading) {
      yield* flush();
      const level = heading[1].length;
      path.splice(level - 1);
      while (path.length < level - 1) path.push('');
      path.push(heading[2]);
      continue;
    }
    lines.push(line);
  }
  yield* flush();
}

/** Plain text: one section, no headings. */
export function* plainTextSections(text: string): Generator<Section> {
  const body = text.trim();
  if (body.length > 0) yield { headingPath: [], page: null, text: body, kind: 'text' };
}
