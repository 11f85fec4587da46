import { Controller, Get, Header, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';
import { Public } from '@keel/platform-context';
import { NoStore } from '@keel/platform-errors';
import { DEV_MAIL_PAGE_CSP, renderDevMailPage } from './dev-mail-page';
import { DevMailbox, KeptMail } from './dev-mailbox';
import type { MailViewerMode } from './mail-viewer';

export const MAIL_VIEWER_MODE = Symbol('MAIL_VIEWER_MODE');

/** A loopback peer, by the socket's own address: a forwarded header could claim anything. */
function fromThisMachine(request: FastifyRequest): boolean {
  const address = request.raw.socket.remoteAddress;
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'loopback';
}

/**
 * The development mail viewer: the mails this process's LogMailer kept
 * (DevMailbox), newest first, as a page at /dev/mail and as JSON at
 * /dev/mail.json (or /dev/mail with `Accept: application/json`). Registered
 * only when MAIL_VIEWER is on or local (never in production); in `local`
 * mode anyone but this machine gets the same 404 as when it is off.
 */
@ApiExcludeController()
@Public()
@Controller('dev')
export class DevMailController {
  constructor(
    private readonly mailbox: DevMailbox,
    @Inject(MAIL_VIEWER_MODE) private readonly mode: MailViewerMode,
  ) {}

  @Get('mail')
  @NoStore()
  @Header('Referrer-Policy', 'no-referrer')
  page(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string | { data: KeptMail[] } {
    const mails = this.mails(request);
    if (wantsJson(request.headers.accept)) return { data: mails };
    void reply.header('content-type', 'text/html; charset=utf-8');
    void reply.header('content-security-policy', DEV_MAIL_PAGE_CSP);
    return renderDevMailPage(mails);
  }

  @Get('mail.json')
  @NoStore()
  json(@Req() request: FastifyRequest): { data: KeptMail[] } {
    return { data: this.mails(request) };
  }

  private mails(request: FastifyRequest): KeptMail[] {
    // The same 404 as a route that does not exist: from elsewhere, there is no viewer.
    if (this.mode === 'local' && !fromThisMachine(request)) throw new NotFoundException();
    return this.mailbox.list();
  }
}

/** JSON when the client asks for it before (or instead of) HTML. */
function wantsJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const json = accept.indexOf('application/json');
  const html = accept.indexOf('text/html');
  return json >= 0 && (html < 0 || json < html);
}
