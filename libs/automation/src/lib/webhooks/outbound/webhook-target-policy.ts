import ipaddr from 'ipaddr.js';
import { addressRefusal } from './address-refusal';
import { AddressRefusedError } from './address-refused-error';
import { createGuardedLookup, type ResolveAll } from './guarded-lookup';

/**
 * The host of a webhook URL as a connection would see it: WHATWG URL parsing
 * (what the sender uses) already spells IPv4 literals as dotted quads, and
 * brackets come off IPv6 literals. Null for a URL that does not parse.
 */
function webhookHost(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return null;
  }
}

/**
 * Why a webhook URL may not be used, judged by addressRefusal: an IP literal
 * at once, a name by every address it resolves to now (a name that does not
 * resolve yet passes: its connection is checked again). Null when nothing is
 * refused or when WEBHOOK_ALLOW_PRIVATE lifts the rule.
 */
export async function webhookTargetRefusal(
  url: string,
  options: { allowPrivate: boolean; resolve?: ResolveAll },
): Promise<AddressRefusedError | null> {
  if (options.allowPrivate) return null;
  const host = webhookHost(url);
  if (host === null || host === '') return null;
  if (ipaddr.isValid(host)) return addressRefusal(host, host);
  const lookup = createGuardedLookup(options.resolve);
  return new Promise((done) =>
    lookup(host, { all: true }, (error) => done(error instanceof AddressRefusedError ? error : null)),
  );
}
