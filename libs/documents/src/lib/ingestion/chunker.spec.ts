import { chunkSections } from './chunker';
import { markdownSections } from './extractors/markdown';
import type { Section } from './section';
import { countTokens } from './tokenizer';

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const paragraph = (word: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${word}${i}`).join(' ') + '.';

describe('chunkSections', () => {
  it('should never let a chunk cross a heading, and record each heading path', async () => {
    const markdown = [
      '# Pricing',
      'Intro text.',
      '## Enterprise',
      'Forty euros.',
      '## Starter',
      'Free.',
      '# FAQ',
      'Ask us.',
    ].join('\n\n');
    const chunks = await all(chunkSections(markdownSections(markdown), { maxTokens: 800, overlapTokens: 120 }));
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.content])).toEqual([
      [['Pricing'], 'Intro text.'],
      [['Pricing', 'Enterprise'], 'Forty euros.'],
      [['Pricing', 'Starter'], 'Free.'],
      [['FAQ'], 'Ask us.'],
    ]);
    expect(chunks.map((chunk) => chunk.position)).toEqual([0, 1, 2, 3]);
    expect(chunks[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should keep headings inside code fences as text', async () => {
    const chunks = await all(
      chunkSections(markdownSections('# Setup\n\n```sh\n# not a heading\nnpm start\n```\n'), {
        maxTokens: 800,
        overlapTokens: 0,
      }),
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0].headingPath).toEqual(['Setup']);
    expect(chunks[0].content).toContain('# not a heading');
  });

  it('should keep every chunk within the token bound, counted by the tokenizer, and overlap consecutive chunks', async () => {
    const text = Array.from({ length: 12 }, (_, i) => paragraph(`word${i}x`, 8)).join('\n\n');
    const section: Section = { headingPath: ['Long'], page: 3, text, kind: 'text' };
    const chunks = await all(chunkSections([section], { maxTokens: 100, overlapTokens: 40 }));
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.tokenCount).toBe(countTokens(chunk.content));
      expect(chunk.tokenCount).toBeLessThanOrEqual(100);
      expect(chunk.page).toBe(3);
    }
    // The next chunk starts with the last paragraph of the previous one.
    const lastOfFirst = chunks[0].content.split('\n\n').at(-1) ?? '';
    expect(chunks[1].content.startsWith(lastOfFirst)).toBe(true);
    // And nothing is lost.
    for (let i = 0; i < 12; i++) expect(chunks.some((chunk) => chunk.content.includes(`word${i}x0 `))).toBe(true);
  });

  it('should cut a paragraph longer than the bound at token boundaries', async () => {
    const section: Section = {
      headingPath: [],
      page: null,
      text: paragraph('w', 2000).replace(/\./g, ''),
      kind: 'text',
    };
    const chunks = await all(chunkSections([section], { maxTokens: 100, overlapTokens: 0 }));
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(102);
  });

  it('should pack table rows whole, without overlap', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `customer: Customer ${i} | plan: Enterprise`).join('\n');
    const chunks = await all(
      chunkSections([{ headingPath: ['Sheet1'], page: null, text: rows, kind: 'rows' }], {
        maxTokens: 100,
        overlapTokens: 30,
      }),
    );
    const lines = chunks.flatMap((chunk) => chunk.content.split('\n'));
    expect(lines).toEqual(rows.split('\n'));
  });
});
