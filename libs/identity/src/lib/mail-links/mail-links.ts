import { Injectable } from '@nestjs/common';
import { ListeningAddress } from '@keel/platform-config';
import { IdentityConfig } from '../identity-config';

/** The pages a mailed token opens: the web client's (APP_URL) or, without one, Keel's own at the same paths. */
export type MailedPage = 'verify-email' | 'reset-password' | 'accept-invite';

export const MAILED_PAGES: readonly MailedPage[] = ['verify-email', 'reset-password', 'accept-invite'];

/**
 * Builds the links mails carry: `<base>/<page>?token=<token>`. The base is
 * APP_URL when set (the web client); otherwise the address this process
 * really listens on, where Keel serves small pages of its own for each
 * MailedPage (MailPagesController) — so a link works with any PORT and no
 * web client at all.
 */
@Injectable()
export class MailLinks {
  constructor(
    private readonly config: IdentityConfig,
    private readonly address: ListeningAddress,
  ) {}

  /**
   * Where links lead now. A mail sent by a job in another process (a worker
   * beside a KEEL_ROLE=api process) takes the base its request saw, since the
   * worker does not listen where the pages are.
   */
  base(): string {
    return this.config.APP_URL ?? this.address.url;
  }

  /** The link to `page` carrying `token`, on `base` (default: this process's base()), whether or not it ends in a slash. */
  to(page: MailedPage, token: string, base: string = this.base()): string {
    return `${base.replace(/\/+$/, '')}/${page}?token=${encodeURIComponent(token)}`;
  }
}
