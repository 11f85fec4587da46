import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** Who the provider signs in at its next interaction, with the claims it will vouch for. */
export interface ProviderAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/** A real OpenID Provider (oidc-provider) in a child process; see openid-provider.main.mjs. */
export interface OpenIdProvider {
  issuer: string;
  /** The person the next sign-in at the provider is. */
  willSignIn(account: ProviderAccount): Promise<void>;
  /** From now on, ID tokens carry another nonce than the one the sign-in sent. */
  tamperNonce(on: boolean): Promise<void>;
  /**
   * Plays the browser at the provider: follows its redirects from `authorizationUrl`, carrying its cookies,
   * until one leads off the provider; returns that URL (the relying party's callback).
   */
  signInAt(authorizationUrl: string): Promise<string>;
  stop(): Promise<void>;
}

const MAIN = resolve(__dirname, 'openid-provider.main.mjs');

export async function startOpenIdProvider(client: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}): Promise<OpenIdProvider> {
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      OP_CLIENT_ID: client.clientId,
      OP_CLIENT_SECRET: client.clientSecret,
      OP_REDIRECT_URI: client.redirectUri,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const issuer = await new Promise<string>((resolveIssuer, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n')) resolveIssuer((JSON.parse(line) as { issuer: string }).issuer);
    });
    void exited.then(() => reject(new Error(`the OpenID Provider exited during start-up:\n${output}`)));
  });

  async function control(path: string, body: unknown): Promise<void> {
    const response = await fetch(`${issuer}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (response.status !== 204) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  }

  return {
    issuer,
    willSignIn: (account) => control('/__test/login', account),
    tamperNonce: (on) => control('/__test/tamper-nonce', { on }),
    async signInAt(authorizationUrl) {
      const cookies = new Map<string, string>();
      let url = authorizationUrl;
      for (let hop = 0; hop < 10; hop++) {
        if (!url.startsWith(`${issuer}/`)) return url;
        const response = await fetch(url, {
          redirect: 'manual',
          headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
        });
        for (const cookie of response.headers.getSetCookie()) {
          const [pair] = cookie.split(';');
          const separator = pair.indexOf('=');
          cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
        }
        const location = response.headers.get('location');
        if (response.status < 300 || response.status > 399 || !location) {
          throw new Error(`the provider answered ${response.status} at ${url}:\n${await response.text()}\n${output}`);
        }
        url = new URL(location, url).href;
      }
      throw new Error('the provider redirected more than 10 times');
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
