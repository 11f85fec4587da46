import type { AddressClassification } from './address-classification';

/**
 * A connection to a URL a workspace gave (a webhook, an AI HTTP tool) was
 * stopped before any packet left because the host resolved to an address a
 * tenant may not reach. The sender reports it as a
 * `refused` outcome; it is never a transient failure worth retrying sooner.
 */
export class AddressRefusedError extends Error {
  constructor(
    readonly hostname: string,
    readonly classification: AddressClassification,
  ) {
    const wrapped = classification.embeddedIn ? ` (inside ${classification.embeddedIn})` : '';
    const address = hostname === classification.address ? hostname : `${hostname} (${classification.address})`;
    super(
      `Refused to connect to ${address}: ${classification.range} address${wrapped}. ` +
        'Webhooks and AI HTTP tools reach only public addresses unless the operator sets WEBHOOK_ALLOW_PRIVATE=true.',
    );
    this.name = 'AddressRefusedError';
  }
}
