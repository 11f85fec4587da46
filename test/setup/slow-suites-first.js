// Jest's sequencer orders suites by how long they took last time, from its
// cache; a clean CI clone has no cache, and jest then falls back to file size
// alone. Here the fallback first asks what a suite does: end-to-end suites spawn
// Keel processes and take the longest, integration specs need a database, unit
// specs need nothing. Starting the slow ones first keeps both workers busy to
// the end instead of leaving one long suite running alone.
const Sequencer = require('@jest/test-sequencer').default;

/** Heavier kinds first; within a kind, the bigger file first. */
function kindWeight(path) {
  if (path.endsWith('.e2e-spec.ts')) return 2;
  if (path.endsWith('.int-spec.ts')) return 1;
  return 0;
}

class SlowSuitesFirst extends Sequencer {
  sort(tests) {
    const sizes = new Map();
    const size = (test) => {
      if (!sizes.has(test.path)) sizes.set(test.path, test.context.hasteFS.getSize(test.path) ?? 0);
      return sizes.get(test.path);
    };
    for (const test of tests) test.duration = this.time(test);
    return [...tests].sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      if (a.duration != null && b.duration != null) return b.duration - a.duration;
      if (kindWeight(a.path) !== kindWeight(b.path)) return kindWeight(b.path) - kindWeight(a.path);
      // Same kind, one never timed (new or a cold cache): the timed one's duration says more than a size.
      if (a.duration != null || b.duration != null) return a.duration != null ? -1 : 1;
      return size(b) - size(a);
    });
  }
}

module.exports = SlowSuitesFirst;
