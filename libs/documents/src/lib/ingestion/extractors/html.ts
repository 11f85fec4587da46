import { Parser } from 'htmlparser2';
import type { Section } from '../section';

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head']);
const BLOCKS = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'tr',
  'table',
  'section',
  'article',
  'br',
  'blockquote',
  'pre',
  'td',
  'th',
  'dd',
  'dt',
]);

/**
 * HTML (and DOCX, through mammoth's HTML): `<h1>`…`<h6>` open sections under
 * their path as Markdown headings do; scripts and styles are dropped, block
 * elements break lines, entities are decoded.
 */
export function htmlSections(html: string): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let text = '';
  let heading: { level: number; text: string } | null = null;
  let skipping = 0;
  const flush = () => {
    const body = text
      .split('\n')
      .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    text = '';
    if (body.length > 0) sections.push({ headingPath: [...path], page: null, text: body, kind: 'text' });
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipping++;
        else if (/^h[1-6]$/.test(name)) {
          flush();
          heading = { level: Number(name[1]), text: '' };
        } else if (BLOCKS.has(name)) text += '\n';
      },
      ontext(data) {
        if (skipping > 0) return;
        if (heading) heading.text += data;
        else text += data;
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipping = Math.max(0, skipping - 1);
        else if (/^h[1-6]$/.test(name) && heading) {
          const { level } = heading;
          path.splice(level - 1);
          while (path.length < level - 1) path.push('');
          path.push(heading.text.replace(/\s+/g, ' ').trim());
          heading = null;
        } else if (BLOCKS.has(name)) text += '\n';
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return sections;
}
