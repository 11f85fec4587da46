import Fastify from 'fastify';
import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy', () => {
  it.each([
    ['false', false],
    ['FALSE', false],
    ['', false],
    ['  ', false],
    ['true', true],
    [' True ', true],
  ])('should read %p as %p', (value, expected) => {
    expect(parseTrustProxy(value)).toBe(expected);
  });

  it.each([
    ['1', 1],
    [' 2 ', 2],
    ['0', 0],
  ])('should read %p as a hop count of %p', (value, expected) => {
    expect(parseTrustProxy(value)).toBe(expected);
  });

  it('should read a comma-separated list of addresses and ranges', () => {
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1 ,, ::1')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
  });

  it('should read a single address as a list of one', () => {
    expect(parseTrustProxy('192.168.1.10')).toEqual(['192.168.1.10']);
  });

  it('should give Fastify a list it takes, so the client address comes from X-Forwarded-For of a trusted proxy', async () => {
    const app = Fastify({ trustProxy: parseTrustProxy('127.0.0.1, 10.0.0.0/8') });
    app.get('/ip', async (request) => ({ ip: request.ip }));

    const response = await app.inject({
      method: 'GET',
      url: '/ip',
      remoteAddress: '10.1.2.3',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });

    expect(response.json()).toEqual({ ip: '203.0.113.9' });
    await app.close();
  });

  it('should ignore X-Forwarded-For when no proxy is trusted', async () => {
    const app = Fastify({ trustProxy: parseTrustProxy('false') });
    app.get('/ip', async (request) => ({ ip: request.ip }));

    const response = await app.inject({
      method: 'GET',
      url: '/ip',
      remoteAddress: '10.1.2.3',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });

    expect(response.json()).toEqual({ ip: '10.1.2.3' });
    await app.close();
  });
});
