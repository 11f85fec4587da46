import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';
import { DOCS_PATH } from './openapi';

/** The platform admins' web console (apps/admin-console), served by the admin context. */
const ADMIN_CONSOLE_PATH = '/admin';

type HeadersMiddleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** Everything loads from this server only; `style-src` allows inline styles, which Swagger UI sets. */
const SELF_ONLY_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
};

/**
 * Pages a person opens in a browser (the HTML and the assets it loads), each
 * a path and everything under it. Keel is often reached over plain http (a
 * colleague's machine, a container's address, behind a proxy that ends TLS),
 * and a browser forgives that only on loopback: elsewhere helmet's
 * `upgrade-insecure-requests` sends every asset of the page to an https port
 * nobody listens on (a blank page), and `Cross-Origin-Opener-Policy` is
 * ignored with a console error. These pages get the same sources, without
 * either; every other answer keeps the API's headers.
 */
const BROWSER_PAGE_PATHS: readonly string[] = [DOCS_PATH, ADMIN_CONSOLE_PATH];

function isBrowserPage(url: string): boolean {
  const path = url.split('?', 1)[0];
  return BROWSER_PAGE_PATHS.some((page) => path === page || path.startsWith(`${page}/`));
}

/**
 * helmet's security headers on every answer: the API's strict set, or the
 * browser pages' set that works over plain http. Each middleware is built
 * once; @fastify/helmet rebuilds its own (and re-parses the CSP) on every request.
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  const apiHeaders: HeadersMiddleware = helmet({ contentSecurityPolicy: { directives: SELF_ONLY_DIRECTIVES } });
  const browserPageHeaders: HeadersMiddleware = helmet({
    contentSecurityPolicy: { directives: { ...SELF_ONLY_DIRECTIVES, upgradeInsecureRequests: null } },
    crossOriginOpenerPolicy: false,
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const headers = isBrowserPage(request.url) ? browserPageHeaders : apiHeaders;
    headers(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
}
