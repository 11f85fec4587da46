import { applyDecorators, Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@keel/platform-context';
import { NoStore } from '@keel/platform-errors';
import { ACCEPT_INVITE_PAGE, MAIL_PAGE_CSP, RESET_PASSWORD_PAGE, VERIFY_EMAIL_PAGE } from './mail-page';

/**
 * The pages mailed links open when no web client is configured (APP_URL
 * unset; see MailLinks): verify an address, choose a new password, join a
 * workspace. Plain HTML calling the API routes; the token stays in the
 * browser (read from the link by the page's script), so the server renders
 * the same page for every token. Not part of the API reference.
 *
 * The token is in the link's query, so: never cached (`no-store`), never sent
 * on as a Referer (`no-referrer`), and the page's script drops it from the
 * address bar and history once read.
 */
@ApiExcludeController()
@Public()
@Controller()
export class MailPagesController {
  @Get('verify-email')
  @MailPageHeaders()
  verifyEmail(): string {
    return VERIFY_EMAIL_PAGE;
  }

  @Get('reset-password')
  @MailPageHeaders()
  resetPassword(): string {
    return RESET_PASSWORD_PAGE;
  }

  @Get('accept-invite')
  @MailPageHeaders()
  acceptInvite(): string {
    return ACCEPT_INVITE_PAGE;
  }
}

/** Every mail page's answer: HTML, never stored, never a Referer, with its own CSP (MAIL_PAGE_CSP). */
function MailPageHeaders(): MethodDecorator {
  return applyDecorators(
    NoStore(),
    Header('Content-Type', 'text/html; charset=utf-8'),
    Header('Content-Security-Policy', MAIL_PAGE_CSP),
    Header('Referrer-Policy', 'no-referrer'),
  );
}
