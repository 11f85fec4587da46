// A real OpenID Provider (panva's oidc-provider, certified) for the OIDC sign-in suite, in a process of its own
// since oidc-provider is ESM-only. It listens on 127.0.0.1 (a free port), prints {"issuer": "..."} as its first
// stdout line, and serves one confidential client from the environment (OP_CLIENT_ID, OP_CLIENT_SECRET,
// OP_REDIRECT_URI). No login page: each interaction signs in, and consents for, the person the test last named at
// POST /__test/login {sub, email, email_verified, name}. POST /__test/tamper-nonce {on} makes the provider put
// another nonce than the one it was sent into its ID tokens (a token minted for another sign-in).
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const { OP_CLIENT_ID, OP_CLIENT_SECRET, OP_REDIRECT_URI } = process.env;
if (!OP_CLIENT_ID || !OP_CLIENT_SECRET || !OP_REDIRECT_URI)
  throw new Error('OP_CLIENT_ID, OP_CLIENT_SECRET and OP_REDIRECT_URI are required');

const accounts = new Map();
let nextLogin;
let tamperNonce = false;

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

let provider;
const server = createServer(async (req, res) => {
  try {
    if (req.url === '/__test/login' && req.method === 'POST') {
      nextLogin = await readJson(req);
      accounts.set(nextLogin.sub, nextLogin);
      res.writeHead(204).end();
      return;
    }
    if (req.url === '/__test/tamper-nonce' && req.method === 'POST') {
      tamperNonce = (await readJson(req)).on === true;
      res.writeHead(204).end();
      return;
    }
    if (req.url.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(req, res);
      if (!nextLogin) throw new Error('no login named: POST /__test/login first');
      const accountId = nextLogin.sub;
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    provider.callback()(req, res);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.stack ?? error));
  }
});

await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
const issuer = `http://127.0.0.1:${server.address().port}`;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'op-test-key', alg: 'RS256', use: 'sig' };

provider = new Provider(issuer, {
  clients: [
    {
      client_id: OP_CLIENT_ID,
      client_secret: OP_CLIENT_SECRET,
      redirect_uris: [OP_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['openid-provider-test-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The email and name in the ID token itself, as Google, Microsoft and Okta put them.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  async findAccount(_ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: account.email, email_verified: account.email_verified, name: account.name };
      },
    };
  },
});

provider.use(async (ctx, next) => {
  if (tamperNonce && ctx.path === '/auth' && typeof ctx.query.nonce === 'string') {
    ctx.query = { ...ctx.query, nonce: `${ctx.query.nonce}-of-another-sign-in` };
  }
  await next();
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
