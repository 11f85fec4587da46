/**
 * Every marker (an id, a name, an address of another workspace) found in a
 * response body at any depth: in a string value or an object key, and inside
 * a base64url string that decodes to JSON (a cursor carries the ids it pages
 * after). A body that is not JSON is searched as text.
 */
export function markersIn(text: string, markers: readonly string[]): string[] {
  const found = new Set<string>();
  const search = (value: string): void => {
    for (const marker of markers) if (value.includes(marker)) found.add(marker);
    const decoded = decodedJson(value);
    if (decoded !== undefined) visit(decoded);
  };
  const visit = (value: unknown): void => {
    if (typeof value === 'string') search(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, nested] of Object.entries(value)) {
        search(key);
        visit(nested);
      }
    }
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    search(text);
    return [...found];
  }
  visit(parsed);
  return [...found];
}

/** A base64url string of JSON (an opaque cursor), decoded; undefined for anything else. */
function decodedJson(value: string): unknown {
  if (value.length < 8 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  const text = Buffer.from(value, 'base64url').toString('utf8');
  if (!/^[[{"]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
