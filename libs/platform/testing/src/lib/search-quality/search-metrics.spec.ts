import { meanFigures, rankedDocuments, recallAt, reciprocalRank, scoreQuery } from './search-metrics';

describe('search quality metrics', () => {
  const relevant = new Set(['pricing', 'plans']);

  it('should rank a document where its first chunk appears, once', () => {
    expect(rankedDocuments(['a', 'pricing', 'a', 'plans', 'pricing'])).toEqual(['a', 'pricing', 'plans']);
  });

  it('should count the share of relevant documents within the first k', () => {
    const ranked = ['a', 'b', 'c', 'd', 'e', 'pricing', 'f', 'g', 'h', 'i', 'plans'];
    expect(recallAt(5, ranked, relevant)).toBe(0);
    expect(recallAt(10, ranked, relevant)).toBe(0.5);
    expect(recallAt(11, ranked, relevant)).toBe(1);
  });

  it('should give the reciprocal of the first relevant rank, and 0 when none is found', () => {
    expect(reciprocalRank(['a', 'plans', 'pricing'], relevant)).toBe(0.5);
    expect(reciprocalRank(['a', 'b'], relevant)).toBe(0);
  });

  it('should average the queries, an empty answer counting as found nothing', () => {
    const figures = meanFigures([scoreQuery(['pricing', 'plans'], relevant), scoreQuery([], relevant)]);
    expect(figures).toEqual({ queries: 2, recallAt5: 0.5, recallAt10: 0.5, mrr: 0.5, answered: 0.5 });
  });
});
