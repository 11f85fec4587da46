import { createHash } from 'node:crypto';
import type { Section } from './section';
import { countTokens, splitByTokens } from './tokenizer';

export interface ChunkDraft {
  position: number;
  headingPath: string[];
  page: number | null;
  content: string;
  tokenCount: number;
  sha256: string;
}

export interface ChunkingOptions {
  maxTokens: number;
  /** Tokens of a section's previous chunk repeated at the start of the next one. */
  overlapTokens: number;
}

interface Unit {
  text: string;
  tokens: number;
}

/**
 * Cuts sections into chunks of at most `maxTokens` tokens, along the
 * structure: a chunk holds text of one section only (never across a heading
 * or a page); inside a section, paragraphs are packed whole, a paragraph too
 * long is cut at sentences, a sentence too long at token boundaries; the
 * next chunk of the same section starts with the last ≈ `overlapTokens` of
 * the previous one. Table rows are packed whole and never overlap.
 */
export async function* chunkSections(
  sections: AsyncIterable<Section> | Iterable<Section>,
  options: ChunkingOptions,
): AsyncGenerator<ChunkDraft> {
  let position = 0;
  for await (const section of sections) {
    for (const content of packSection(section, options)) {
      yield {
        position: position++,
        headingPath: section.headingPath,
        page: section.page,
        content,
        tokenCount: countTokens(content),
        sha256: createHash('sha256').update(content).digest('hex'),
      };
    }
  }
}

function packSection(section: Section, { maxTokens, overlapTokens }: ChunkingOptions): string[] {
  const separator = section.kind === 'rows' ? '\n' : '\n\n';
  const overlap = section.kind === 'rows' ? 0 : overlapTokens;
  const units = unitsOf(section, maxTokens);
  const chunks: string[] = [];
  let current: Unit[] = [];
  let size = 0;
  let fresh = 0;
  const emit = () => {
    if (fresh > 0) chunks.push(current.map((unit) => unit.text).join(separator));
    // Carry the tail of this chunk into the next, within the overlap budget.
    const carried: Unit[] = [];
    let carriedSize = 0;
    for (let index = current.length - 1; index >= 0 && overlap > 0; index--) {
      if (carriedSize + current[index].tokens > overlap) break;
      carried.unshift(current[index]);
      carriedSize += current[index].tokens;
    }
    current = carried;
    size = carriedSize;
    fresh = 0;
  };
  for (const unit of units) {
    if (size + unit.tokens > maxTokens && current.length > 0) {
      emit();
      // The carried overlap leaves no room for this unit: drop it.
      if (size + unit.tokens > maxTokens) {
        current = [];
        size = 0;
      }
    }
    current.push(unit);
    size += unit.tokens;
    fresh++;
  }
  if (fresh > 0) emit();
  return chunks;
}

function unitsOf(section: Section, maxTokens: number): Unit[] {
  const blocks =
    section.kind === 'rows' ? section.text.split('\n') : section.text.split(/\n[ \t]*\n/).map((block) => block.trim());
  const units: Unit[] = [];
  for (const block of blocks) {
    if (block.length === 0) continue;
    const tokens = countTokens(block);
    if (tokens <= maxTokens) {
      units.push({ text: block, tokens });
      continue;
    }
    for (const sentence of block.split(/(?<=[.!?])\s+/)) {
      const sentenceTokens = countTokens(sentence);
      if (sentenceTokens <= maxTokens) units.push({ text: sentence, tokens: sentenceTokens });
      else
        for (const piece of splitByTokens(sentence, maxTokens)) units.push({ text: piece, tokens: countTokens(piece) });
    }
  }
  return units;
}
