/** A secret's name and one spelling of its value that must not be shown. */
export type SecretSpelling = readonly [name: string, value: string];

/**
 * The spellings of each secret to look for: the value, and the value
 * percent-encoded (what an API echoing its query string sends back).
 */
export function secretSpellings(secrets: ReadonlyMap<string, string>): SecretSpelling[] {
  return [...secrets].flatMap(([name, value]) => {
    const encoded = encodeURIComponent(value);
    return encoded === value ? [[name, value] as const] : [[name, value] as const, [name, encoded] as const];
  });
}

/**
 * `value` with every occurrence of a secret, in any string at any depth
 * (object keys too), replaced by `[secret:NAME]`: what a tool's result looks
 * like before it is stored or answered. Longer values are replaced first, so
 * a secret that contains another is still named as itself.
 */
export function redactSecretValues(value: unknown, spellings: readonly SecretSpelling[]): unknown {
  const ordered = spellings.filter(([, secret]) => secret.length > 0).sort(([, a], [, b]) => b.length - a.length);
  if (ordered.length === 0) return value;
  const redactText = (text: string): string =>
    ordered.reduce((result, [name, secret]) => result.split(secret).join(`[secret:${name}]`), text);
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redactText(item);
    if (Array.isArray(item)) return item.map(walk);
    if (typeof item === 'object' && item !== null) {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [redactText(key), walk(inner)]));
    }
    return item;
  };
  return walk(value);
}
