/** The k of reciprocal rank fusion (Cormack et al., 2009): damps the weight of the very first ranks. */
export const RRF_K = 60;

/**
 * Fuses ranked lists: each item scores Σ 1 / (k + rank) over the lists it
 * appears in (rank from 1), best first; ties keep the order of first sight.
 */
export function fuseByReciprocalRank<T>(
  lists: T[][],
  keyOf: (item: T) => string,
  k = RRF_K,
): { item: T; score: number }[] {
  const fused = new Map<string, { item: T; score: number; firstSeen: number }>();
  let seen = 0;
  for (const list of lists) {
    list.forEach((item, index) => {
      const key = keyOf(item);
      const entry = fused.get(key) ?? { item, score: 0, firstSeen: seen++ };
      entry.score += 1 / (k + index + 1);
      fused.set(key, entry);
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.firstSeen - b.firstSeen)
    .map(({ item, score }) => ({ item, score }));
}
