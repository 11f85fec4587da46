import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressRefusal } from './address-refusal';

/** The resolver the guard asks: `dns.lookup` asked for every address, replaceable in specs. */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: ResolveAll = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * A `lookup` for `net.connect`/`tls.connect` that refuses the connection when the
 * name resolves to any non-public address. The socket connects to exactly the
 * address checked here, so a DNS answer that changes between check and connect
 * (rebinding) cannot slip through. One bad address refuses the whole name: a
 * public receiver has no reason to publish an internal one beside it.
 */
export function createGuardedLookup(resolve: ResolveAll = systemResolver): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      for (const entry of addresses) {
        const refusal = addressRefusal(hostname, entry.address);
        if (refusal) {
          callback(refusal, []);
          return;
        }
      }
      if (options.all) {
        // Node asks for all addresses when it races IPv4 and IPv6 (autoSelectFamily).
        callback(null, addresses);
        return;
      }
      const [first] = addresses;
      if (!first) {
        callback(Object.assign(new Error(`No address found for ${hostname}.`), { code: 'ENOTFOUND' }), []);
        return;
      }
      callback(null, first.address, first.family);
    });
  };
}
