import { ListeningAddress, loadConfig } from '@keel/platform-config';
import { IdentityConfig } from '../identity-config';
import { MailLinks } from './mail-links';

function linksWith(env: Record<string, string>, address = new ListeningAddress()): MailLinks {
  return new MailLinks(loadConfig(env, [IdentityConfig]).get(IdentityConfig), address);
}

describe('MailLinks', () => {
  it('should link to the web client when APP_URL is set, with or without a trailing slash', () => {
    expect(linksWith({ APP_URL: 'https://app.example.com/' }).to('reset-password', 'a b')).toBe(
      'https://app.example.com/reset-password?token=a%20b',
    );
  });

  it("should link to Keel's own pages at the address it listens on when APP_URL is unset", () => {
    const address = new ListeningAddress();
    address.listeningOn('0.0.0.0', 4123);
    expect(linksWith({}, address).to('verify-email', 'tok')).toBe('http://localhost:4123/verify-email?token=tok');
    address.listeningOn('::1', 4124);
    expect(linksWith({}, address).to('accept-invite', 'tok')).toBe('http://[::1]:4124/accept-invite?token=tok');
  });

  it('should refuse to make a link before the server listens rather than guess a port', () => {
    expect(() => linksWith({}).to('verify-email', 'tok')).toThrow(/not listening yet/);
  });

  it('should build on a base given by the process that saw the request', () => {
    expect(linksWith({}).to('reset-password', 'tok', 'http://127.0.0.1:5000')).toBe(
      'http://127.0.0.1:5000/reset-password?token=tok',
    );
  });
});
