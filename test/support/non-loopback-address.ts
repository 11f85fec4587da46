import { networkInterfaces } from 'node:os';

/**
 * An address of this machine that is not loopback, as a host for a URL
 * (`192.0.2.2`, `[fd00::2]`): what a colleague's browser would use to reach a
 * Keel bound to 0.0.0.0. Browsers treat loopback and `localhost` as secure
 * origins and forgive them what they refuse at any other plain-http address,
 * so a page is only proven to work from elsewhere when opened at one of these.
 * IPv4 first; link-local IPv6 is left out (it needs a zone id in the URL).
 */
export function nonLoopbackHost(): string {
  const addresses = Object.values(networkInterfaces()).flatMap((entries) => entries ?? []);
  const external = addresses.filter((entry) => !entry.internal);
  const ipv4 = external.find((entry) => entry.family === 'IPv4');
  if (ipv4) return ipv4.address;
  const ipv6 = external.find((entry) => entry.family === 'IPv6' && !entry.address.toLowerCase().startsWith('fe80:'));
  if (ipv6) return `[${ipv6.address}]`;
  throw new Error(
    'This machine has no non-loopback network address (os.networkInterfaces() lists only loopback or link-local ones): ' +
      'the docs page test opens /docs from such an address; run it on a machine with a network interface up.',
  );
}
