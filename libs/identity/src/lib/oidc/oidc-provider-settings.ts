import { ValidateBy, ValidationOptions } from 'class-validator';
import ipaddr from 'ipaddr.js';

/** One OpenID Provider of OIDC_PROVIDERS. */
export interface OidcProviderSettings {
  /** The `{provider}` of the routes: lower-case letters, digits and dashes. */
  key: string;
  /** Where discovery starts (`<issuer>/.well-known/openid-configuration`); https, or http on a loopback address. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Asked for at the provider; `openid` always among them. */
  scopes: string[];
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
const DEFAULT_SCOPES = ['openid', 'email', 'profile'];

/** Whether `hostname` (as URL gives it) is this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (!ipaddr.isValid(host)) return false;
  const address = ipaddr.process(host);
  return address.range() === 'loopback';
}

/** What is wrong with one entry, never quoting the secret; undefined when it is fine. */
function entryProblem(entry: unknown, index: number): string | undefined {
  const at = `entry ${index}`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return `${at} must be an object`;
  const { key, issuer, clientId, clientSecret, scopes, ...unknown } = entry as Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length > 0) return `${at} has unknown fields (${extra.join(', ')})`;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    return `${at}: key must be 1 to 32 lower-case letters, digits or dashes`;
  }
  if (typeof issuer !== 'string') return `${key}: issuer must be a URL`;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return `${key}: issuer must be a URL`;
  }
  if (url.search || url.hash || url.username || url.password) {
    return `${key}: issuer must have no query, fragment or credentials`;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return `${key}: issuer must be https:// (http:// only on a loopback address, for development and tests)`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${key}: issuer must be an https:// URL`;
  if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > 512) {
    return `${key}: clientId must be a non-empty string`;
  }
  if (typeof clientSecret !== 'string' || clientSecret.length === 0 || clientSecret.length > 1024) {
    return `${key}: clientSecret must be a non-empty string`;
  }
  if (scopes !== undefined) {
    if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string' && /^[\x21-\x7e]+$/.test(scope))) {
      return `${key}: scopes must be an array of scope names`;
    }
    if (!scopes.includes('openid')) return `${key}: scopes must include openid`;
  }
  return undefined;
}

/** What is wrong with the whole OIDC_PROVIDERS text; undefined when it is fine. */
export function oidcProvidersProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return 'must be a JSON array';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'must be a JSON array of {key, issuer, clientId, clientSecret, scopes}';
  }
  if (!Array.isArray(parsed)) return 'must be a JSON array of {key, issuer, clientId, clientSecret, scopes}';
  const keys = new Set<string>();
  for (const [index, entry] of parsed.entries()) {
    const problem = entryProblem(entry, index);
    if (problem) return problem;
    const { key } = entry as { key: string };
    if (keys.has(key)) return `${key}: key is used twice`;
    keys.add(key);
  }
  return undefined;
}

/** The providers of a valid OIDC_PROVIDERS (start-up validated it), scopes defaulted to `openid email profile`. */
export function parseOidcProviders(text: string | undefined): OidcProviderSettings[] {
  if (text === undefined || text.trim() === '') return [];
  const problem = oidcProvidersProblem(text);
  if (problem) throw new Error(`OIDC_PROVIDERS ${problem}`);
  return (JSON.parse(text) as (Omit<OidcProviderSettings, 'scopes'> & { scopes?: string[] })[]).map((entry) => ({
    key: entry.key,
    issuer: entry.issuer,
    clientId: entry.clientId,
    clientSecret: entry.clientSecret,
    scopes: entry.scopes ?? DEFAULT_SCOPES,
  }));
}

/** OIDC_PROVIDERS as start-up checks it; the message names the entry and the field, never a value. */
export function IsOidcProviders(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOidcProviders',
      validator: {
        validate: (value: unknown) => oidcProvidersProblem(value) === undefined,
        defaultMessage: (args) => `$property ${oidcProvidersProblem(args?.value) ?? 'is invalid'}`,
      },
    },
    options,
  );
}

/** Each entry of OIDC_REDIRECT_ALLOWLIST must be an absolute http(s) URL without a fragment. */
export function IsRedirectAllowlist(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRedirectAllowlist',
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.every((entry) => {
            if (typeof entry !== 'string') return false;
            try {
              const url = new URL(entry);
              return (url.protocol === 'https:' || url.protocol === 'http:') && !url.hash && !url.username;
            } catch {
              return false;
            }
          }),
        defaultMessage: () => '$property must be comma-separated http:// or https:// URLs without a fragment',
      },
    },
    options,
  );
}
