import { EvidenceUnparseable } from './evidence-unparseable';
import { assertSafeKey, isJsonObject, JsonObject, readJsonObject } from './read-json';

const LEVELS = ['error', 'warning', 'note', 'none'] as const;
type Level = (typeof LEVELS)[number];

export interface SarifFacts {
  /** Results that stand (not suppressed, not fixed), by their effective level, and in all. */
  results: Record<Level, number> & { total: number };
  /** The same results by rule id ("(no rule)" for results without one). */
  byRule: Record<string, number>;
  /** Results suppressed in the report (an accepted or unreviewed suppression); they count nowhere else. */
  suppressed: number;
}

const NO_RULE = '(no rule)';

/**
 * SARIF 2.1.0 as CodeQL, Semgrep, ESLint's formatter, Trivy and the like
 * write it. A result's level is its own `level`, else its rule's
 * `defaultConfiguration.level` (found by ruleIndex or ruleId in the run's
 * driver or extensions), else "warning" — or "none" when its `kind` is not
 * "fail" (SARIF §3.27.10). Suppressed results (a suppression whose status is
 * absent or "accepted") and results whose baselineState is "absent" (fixed
 * since the baseline) are not counted as findings.
 */
export function parseSarif(bytes: Buffer): SarifFacts {
  const log = readJsonObject(bytes, 'A SARIF log');
  if (log['version'] !== '2.1.0') {
    throw new EvidenceUnparseable(
      typeof log['version'] === 'string'
        ? `SARIF version ${JSON.stringify(log['version'].slice(0, 20))} is not supported: only 2.1.0 is`
        : 'not a SARIF log: "version": "2.1.0" is missing',
    );
  }
  const runs = log['runs'];
  if (!Array.isArray(runs)) throw new EvidenceUnparseable('not a SARIF log: "runs" must be an array');

  const results = { error: 0, warning: 0, note: 0, none: 0, total: 0 };
  const byRule = new Map<string, number>();
  let suppressed = 0;
  runs.forEach((run: unknown, runIndex) => {
    if (!isJsonObject(run)) throw new EvidenceUnparseable(`runs[${runIndex}] must be an object`);
    const rules = ruleLookup(run);
    const list = run['results'] ?? [];
    if (!Array.isArray(list)) throw new EvidenceUnparseable(`runs[${runIndex}].results must be an array`);
    list.forEach((result: unknown, resultIndex) => {
      const where = `runs[${runIndex}].results[${resultIndex}]`;
      if (!isJsonObject(result)) throw new EvidenceUnparseable(`${where} must be an object`);
      if (result['baselineState'] === 'absent') return;
      if (isSuppressed(result)) {
        suppressed++;
        return;
      }
      const rule = rules(result);
      const level = effectiveLevel(result, rule.defaultLevel, where);
      results[level]++;
      results.total++;
      assertSafeKey(rule.id, `${where}.ruleId`);
      byRule.set(rule.id, (byRule.get(rule.id) ?? 0) + 1);
    });
  });
  return { results, byRule: Object.fromEntries(byRule), suppressed };
}

function isSuppressed(result: JsonObject): boolean {
  const suppressions = result['suppressions'];
  if (!Array.isArray(suppressions)) return false;
  return suppressions.some(
    (suppression) =>
      isJsonObject(suppression) && (suppression['status'] === undefined || suppression['status'] === 'accepted'),
  );
}

function effectiveLevel(result: JsonObject, ruleDefault: unknown, where: string): Level {
  const level = result['level'] ?? (isFailKind(result['kind']) ? (ruleDefault ?? 'warning') : 'none');
  if (!LEVELS.includes(level as Level)) {
    throw new EvidenceUnparseable(`${where}.level must be one of ${LEVELS.join(', ')}`);
  }
  return level as Level;
}

function isFailKind(kind: unknown): boolean {
  return kind === undefined || kind === 'fail';
}

interface RuleInfo {
  id: string;
  defaultLevel: unknown;
}

/** Finds a result's rule: by index into the driver (or the extension its `rule.toolComponent` names), or by id. */
function ruleLookup(run: JsonObject): (result: JsonObject) => RuleInfo {
  const tool = isJsonObject(run['tool']) ? run['tool'] : {};
  const components = [tool['driver'], ...(Array.isArray(tool['extensions']) ? tool['extensions'] : [])];
  const rulesOf = (component: unknown): JsonObject[] =>
    isJsonObject(component) && Array.isArray(component['rules']) ? component['rules'].filter(isJsonObject) : [];
  const byId = new Map<string, JsonObject>();
  for (const component of components) {
    for (const rule of rulesOf(component)) {
      if (typeof rule['id'] === 'string' && !byId.has(rule['id'])) byId.set(rule['id'], rule);
    }
  }
  const defaultLevel = (rule: JsonObject | undefined): unknown => {
    const configuration = rule?.['defaultConfiguration'];
    return isJsonObject(configuration) ? configuration['level'] : undefined;
  };
  return (result) => {
    const reference = isJsonObject(result['rule']) ? result['rule'] : {};
    const index = typeof result['ruleIndex'] === 'number' ? result['ruleIndex'] : reference['index'];
    const component = isJsonObject(reference['toolComponent']) ? reference['toolComponent'] : undefined;
    const componentIndex = component && typeof component['index'] === 'number' ? component['index'] + 1 : 0;
    const indexed = typeof index === 'number' ? rulesOf(components[componentIndex])[index] : undefined;
    const id =
      typeof result['ruleId'] === 'string'
        ? result['ruleId']
        : typeof reference['id'] === 'string'
          ? reference['id']
          : typeof indexed?.['id'] === 'string'
            ? indexed['id']
            : NO_RULE;
    const rule = indexed ?? byId.get(id);
    return { id, defaultLevel: defaultLevel(rule) };
  };
}
