/** TRUST_PROXY as Fastify takes it: a boolean, a hop count, or a list of addresses/CIDRs. */
export function parseTrustProxy(value: string): boolean | number | string[] {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'false') return false;
  if (trimmed === 'true') return true;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
