import { classifyAddress } from './address-classification';
import { AddressRefusedError } from './address-refused-error';

/**
 * The one rule for where a webhook may connect, used when an endpoint is saved,
 * when an automation hands it a delivery and on every connection: the address
 * (any spelling ipaddr.js reads — `0x7f000001`, `2130706433`, `127.1`,
 * `0177.0.0.1`, `[::ffff:127.0.0.1]` — normalised once by classifyAddress)
 * must be public. Null when it may.
 */
export function addressRefusal(hostname: string, address: string): AddressRefusedError | null {
  const classification = classifyAddress(address);
  return classification.isPublic ? null : new AddressRefusedError(hostname, classification);
}
