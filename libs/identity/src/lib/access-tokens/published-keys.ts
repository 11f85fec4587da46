import { Injectable } from '@nestjs/common';
import type { PublicSigningJwk } from './signing-key.entity';

/** Public keys of another signer (a context's own) to list in /.well-known/jwks.json beside the access-token keys. */
export type PublishedKeySource = () => Promise<readonly PublicSigningJwk[]>;

/**
 * The other Ed25519 keys Keel signs with, published in the same JWKS as the
 * access-token keys so a verifier fetches one document. Each source names
 * its keys by their own kid (a thumbprint); Keel itself verifies access
 * tokens only against `signing_keys`, never against these.
 */
@Injectable()
export class PublishedKeys {
  private readonly sources: PublishedKeySource[] = [];

  /** Called at module init by the context that signs. */
  register(source: PublishedKeySource): void {
    this.sources.push(source);
  }

  async keys(): Promise<PublicSigningJwk[]> {
    return (await Promise.all(this.sources.map((source) => source()))).flat();
  }
}
