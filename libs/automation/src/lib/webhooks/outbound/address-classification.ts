import ipaddr from 'ipaddr.js';

/** What an IP address is, as far as deciding whether a webhook may connect to it. */
export interface AddressClassification {
  /** The address that decided: the embedded IPv4 address for IPv4-mapped and NAT64 forms. */
  readonly address: string;
  /**
   * ipaddr.js's name for the range (`unicast`, `private`, `loopback`, `linkLocal`,
   * `uniqueLocal`, `carrierGradeNat`, `multicast`, `unspecified`, …), `reserved` for
   * IPv6 outside global unicast, or `invalid` when the text is no IP address.
   */
  readonly range: string;
  /** Set when the address was unwrapped from an IPv6 form that carries an IPv4 address. */
  readonly embeddedIn?: 'ipv4Mapped' | 'rfc6052';
  /** True only for a globally routable unicast address: the only kind a tenant's webhook may reach. */
  readonly isPublic: boolean;
}

// IANA allocates all IPv6 global unicast from 2000::/3. ipaddr.js calls anything it
// has no name for "unicast", which would let the deprecated IPv4-compatible form
// ::7f00:1 (127.0.0.1) pass; requiring 2000::/3 as well closes that gap.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

// NAT64's well-known prefix (RFC 6052) carries the IPv4 address in its last 32 bits.
// On an IPv6-only network with DNS64 every IPv4-only receiver appears under it, so
// it is judged by the IPv4 address inside rather than refused outright.
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * Classifies one IP address (an allow-list: only global unicast is public).
 * Private, loopback, link-local (with the cloud metadata address), CGNAT,
 * unique-local, unspecified, multicast, broadcast, documentation, benchmarking
 * and reserved ranges are all non-public, also when wrapped in IPv6.
 */
export function classifyAddress(text: string): AddressClassification {
  if (!ipaddr.isValid(text)) {
    return { address: text, range: 'invalid', isPublic: false };
  }
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv4') {
    return classifyV4(parsed as ipaddr.IPv4);
  }
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) {
    return { ...classifyV4(v6.toIPv4Address()), embeddedIn: 'ipv4Mapped' };
  }
  if (v6.match(NAT64_WELL_KNOWN)) {
    const bytes = v6.toByteArray();
    return { ...classifyV4(new ipaddr.IPv4(bytes.slice(12))), embeddedIn: 'rfc6052' };
  }
  const range = v6.range();
  const isGlobal = v6.match(GLOBAL_UNICAST_V6);
  return {
    address: v6.toString(),
    range: range === 'unicast' && !isGlobal ? 'reserved' : range,
    isPublic: range === 'unicast' && isGlobal,
  };
}

function classifyV4(address: ipaddr.IPv4): AddressClassification {
  const range = address.range();
  return { address: address.toString(), range, isPublic: range === 'unicast' };
}
