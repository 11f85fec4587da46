/**
 * Ranking quality of one list of results against the documents a person
 * judged relevant (binary relevance), counted in documents: a document's
 * rank is where its first chunk appears, later chunks of the same document
 * do not take a place.
 */

/** The distinct documents of a ranked list of hits, in the order they first appear. */
export function rankedDocuments(hitDocumentIds: readonly string[]): string[] {
  return [...new Set(hitDocumentIds)];
}

/** The share of the relevant documents found in the first `k` ranked documents (0 when none is relevant). */
export function recallAt(k: number, ranked: readonly string[], relevant: ReadonlySet<string>): number {
  if (relevant.size === 0) return 0;
  const found = ranked.slice(0, k).filter((document) => relevant.has(document)).length;
  return found / relevant.size;
}

/** 1 / the rank of the first relevant document; 0 when the list holds none. */
export function reciprocalRank(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  const index = ranked.findIndex((document) => relevant.has(document));
  return index < 0 ? 0 : 1 / (index + 1);
}

export interface QueryScore {
  recallAt5: number;
  recallAt10: number;
  reciprocalRank: number;
  /** Whether the list held anything at all (a query whose words no chunk has at once finds nothing). */
  answered: boolean;
}

export function scoreQuery(ranked: readonly string[], relevant: ReadonlySet<string>): QueryScore {
  return {
    recallAt5: recallAt(5, ranked, relevant),
    recallAt10: recallAt(10, ranked, relevant),
    reciprocalRank: reciprocalRank(ranked, relevant),
    answered: ranked.length > 0,
  };
}

/** Means over the queries, rounded to 3 decimals: recall@5, recall@10, MRR and the share answered. */
export interface QualityFigures {
  queries: number;
  recallAt5: number;
  recallAt10: number;
  mrr: number;
  answered: number;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

export function meanFigures(scores: readonly QueryScore[]): QualityFigures {
  const mean = (pick: (score: QueryScore) => number) =>
    scores.length === 0 ? 0 : round3(scores.reduce((sum, score) => sum + pick(score), 0) / scores.length);
  return {
    queries: scores.length,
    recallAt5: mean((score) => score.recallAt5),
    recallAt10: mean((score) => score.recallAt10),
    mrr: mean((score) => score.reciprocalRank),
    answered: mean((score) => (score.answered ? 1 : 0)),
  };
}
