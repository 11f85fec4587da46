import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@keel/platform-context';
import { JwksResponse } from './jwks.response';
import { PublishedKeys } from './published-keys';
import { SigningKeys } from './signing-keys.service';

const JWKS_EXAMPLE: JwksResponse = {
  keys: [
    {
      kty: 'OKP',
      crv: 'Ed25519',
      x: 'n_ws6o8AKSi0YcaTDKHHT5gI3krBQYN8ckNUFBpc92o',
      kid: 'Kj7iIx71EuyU_yH3mzMT2t9tFkr6PflJEuJ0v9I5jVA',
      alg: 'EdDSA',
      use: 'sig',
    },
  ],
};

/** Where other services find the public keys to verify Keel's access tokens themselves. */
@ApiTags('auth')
@Controller('.well-known')
export class JwksController {
  constructor(
    private readonly signingKeys: SigningKeys,
    private readonly published: PublishedKeys,
  ) {}

  /**
   * The JSON Web Key Set (RFC 7517) of the keys that sign access tokens, and
   * of the keys that sign release-gate verdicts (see docs/release-gates.md).
   */
  @Get('jwks.json')
  @Public()
  // Five minutes: verifiers re-fetch when a token names a kid they lack (jose's remote JWKS does), and a
  // retired key stays listed for a whole token lifetime, so a cached copy never drops one still needed.
  @Header('cache-control', 'public, max-age=300')
  @ApiOkResponse({
    description: 'The public keys; select one by the `kid` in a token header.',
    type: JwksResponse,
    example: JWKS_EXAMPLE,
  })
  async jwks(): Promise<JwksResponse> {
    const { keys } = await this.signingKeys.jwks();
    return { keys: [...keys, ...(await this.published.keys())] };
  }
}
