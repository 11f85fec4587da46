const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const INDEX = /^(0|[1-9][0-9]*)$/;

/** One member of an RFC 9535 JSON path: `.name` for an identifier, `['any key']` for anything else. */
export function jsonPathMember(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/**
 * The JSON path of a field named the way validation names it
 * (`actions.0.type` → `$.actions[0].type`): numeric segments are array indexes.
 */
export function jsonPathOf(dottedField: string): string {
  return dottedField
    .split('.')
    .reduce((path, segment) => path + (INDEX.test(segment) ? `[${segment}]` : jsonPathMember(segment)), '$');
}
