/** What the guardrails replace before text reaches a model provider, and in the model's answer. */
export const REDACTION_KINDS = ['email', 'card', 'apiKey', 'bearerToken', 'privateKey'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** Every kind: what a workspace's policy redacts unless it turns a kind off. */
export const ALL_REDACTION_KINDS: ReadonlySet<RedactionKind> = new Set(REDACTION_KINDS);

/** How many of each kind were replaced: what a step records (the values themselves are never kept). */
export type RedactionCounts = Partial<Record<RedactionKind, number>>;

export interface Redacted<T> {
  value: T;
  counts: RedactionCounts;
}

/** A digit run that could be a card number: 13 to 19 digits, spaces or dashes allowed between them. */
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;

/** Order matters: a private key's body or a bearer token could otherwise be cut into other matches first. */
const PATTERNS: readonly { kind: RedactionKind; pattern: RegExp; replace: (match: string) => string | null }[] = [
  {
    kind: 'privateKey',
    pattern: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g,
    replace: () => '[redacted:private-key]',
  },
  {
    kind: 'bearerToken',
    pattern: /\bBearer\s+[A-Za-z0-9\-._~+/]{8,}=*/gi,
    replace: () => 'Bearer [redacted:bearer-token]',
  },
  {
    kind: 'apiKey',
    pattern: /\bkeel_[a-z0-9]{1,16}_[A-Za-z0-9]{20,}\b/g,
    replace: () => '[redacted:api-key]',
  },
  {
    kind: 'email',
    pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
    replace: () => '[redacted:email]',
  },
  {
    kind: 'card',
    pattern: CARD_CANDIDATE,
    // Only a run that passes the Luhn check is a card number: order numbers and phone numbers stay.
    replace: (match) => (passesLuhn(match.replace(/[ -]/g, '')) ? '[redacted:card]' : null),
  },
];

/** The Luhn checksum of card numbers. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * `text` with every email address, card number, Keel API key, bearer token
 * and private key replaced (those of `kinds`, by default all), and the counts.
 */
export function redactText(text: string, kinds: ReadonlySet<RedactionKind> = ALL_REDACTION_KINDS): Redacted<string> {
  const counts: RedactionCounts = {};
  let value = text;
  for (const { kind, pattern, replace } of PATTERNS) {
    if (!kinds.has(kind)) continue;
    value = value.replace(pattern, (match) => {
      const replacement = replace(match);
      if (replacement === null) return match;
      counts[kind] = (counts[kind] ?? 0) + 1;
      return replacement;
    });
  }
  return { value, counts };
}

/** The same over every string of a JSON value, at any depth (object keys too). */
export function redactJson(value: unknown, kinds: ReadonlySet<RedactionKind> = ALL_REDACTION_KINDS): Redacted<unknown> {
  const counts: RedactionCounts = {};
  const text = (item: string): string => {
    const redacted = redactText(item, kinds);
    addCounts(counts, redacted.counts);
    return redacted.value;
  };
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return text(item);
    if (Array.isArray(item)) return item.map(walk);
    if (typeof item === 'object' && item !== null) {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [text(key), walk(inner)]));
    }
    return item;
  };
  return { value: walk(value), counts };
}

/** Adds `more` into `into`. */
export function addCounts(into: RedactionCounts, more: RedactionCounts): RedactionCounts {
  for (const [kind, count] of Object.entries(more) as [RedactionKind, number][]) {
    into[kind] = (into[kind] ?? 0) + count;
  }
  return into;
}

export function totalRedactions(counts: RedactionCounts): number {
  return Object.values(counts).reduce((sum, count) => sum + (count ?? 0), 0);
}
