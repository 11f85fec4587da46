import { parseSmtpUrl } from './smtp-url';

describe('parseSmtpUrl', () => {
  it('should read a plain smtp:// URL', () => {
    expect(parseSmtpUrl('smtp://127.0.0.1:2525')).toEqual({ host: '127.0.0.1', port: 2525, secure: false });
  });

  it('should read smtps:// as implicit TLS, with percent-decoded credentials', () => {
    expect(parseSmtpUrl('smtps://mailer%40example.com:p%3Ass%40word@smtp.example.com:465')).toEqual({
      host: 'smtp.example.com',
      port: 465,
      secure: true,
      auth: { user: 'mailer@example.com', pass: 'p:ss@word' },
    });
  });

  it('should leave the port to the default when the URL has none, and unwrap IPv6 hosts', () => {
    expect(parseSmtpUrl('smtp://mail.internal')).toEqual({ host: 'mail.internal', secure: false });
    expect(parseSmtpUrl('smtp://[::1]:25')).toEqual({ host: '::1', port: 25, secure: false });
  });

  it('should refuse other schemes and malformed URLs without repeating them', () => {
    expect(() => parseSmtpUrl('https://user:s3cret@smtp.example.com')).toThrow(
      'SMTP URL must use smtp:// or smtps://, not https://',
    );
    expect(() => parseSmtpUrl('not a url s3cret')).toThrow(/not a valid URL/);
    for (const url of ['https://user:s3cret@smtp.example.com', 'not a url s3cret']) {
      expect(() => parseSmtpUrl(url)).not.toThrow(/s3cret/);
    }
  });
});
