import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { createGuardedLookup } from './guarded-lookup';
import { addressRefusal } from './address-refusal';

/**
 * An undici connector that only opens sockets to public addresses. Names are
 * checked by the guarded `lookup` at connect time; IP literals need their own
 * check here because Node connects to a literal without calling `lookup` at all.
 */
export function createGuardedConnector(timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs, lookup: createGuardedLookup() });
  return (options, callback) => {
    // undici strips the brackets of an IPv6 literal already; stripping again costs nothing.
    const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0) {
      const refusal = addressRefusal(host, host);
      if (refusal) {
        callback(refusal, null);
        return;
      }
    }
    connect(options, callback);
  };
}
