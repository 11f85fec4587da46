import { fuseByReciprocalRank } from './reciprocal-rank-fusion';

describe('fuseByReciprocalRank', () => {
  const id = (item: string) => item;

  it('should rank an item found by both lists above items found by one', () => {
    const fused = fuseByReciprocalRank(
      [
        ['a', 'b', 'c'],
        ['d', 'c', 'e'],
      ],
      id,
    );
    expect(fused[0]).toEqual({ item: 'c', score: 1 / 63 + 1 / 62 });
    expect(fused.map(({ item }) => item)).toEqual(['c', 'a', 'd', 'b', 'e']);
  });

  it('should score by 1 / (k + rank), rank counted from 1', () => {
    expect(fuseByReciprocalRank([['x']], id, 10)).toEqual([{ item: 'x', score: 1 / 11 }]);
  });

  it('should keep the order of first sight between equal scores, and answer nothing for nothing', () => {
    expect(fuseByReciprocalRank([['a'], ['b']], id).map(({ item }) => item)).toEqual(['a', 'b']);
    expect(fuseByReciprocalRank([[], []], id)).toEqual([]);
  });
});
