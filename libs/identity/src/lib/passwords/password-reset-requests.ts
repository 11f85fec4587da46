import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { RequestContext } from '@keel/platform-context';
import { runUnscoped } from '@keel/platform-database';
import { JobQueue } from '@keel/platform-queue';
import { IdentityConfig } from '../identity-config';
import { MailLinks } from '../mail-links/mail-links';
import { HOUR_SECONDS, RateLimits } from '../rate-limits/rate-limits.service';
import { PasswordsService } from './passwords.service';

export const PASSWORD_RESET_MAIL_QUEUE = 'identity.password-reset-mail';

interface PasswordResetMailJob {
  email: string;
  /**
   * The base of the reset link as the requesting process saw it: the worker
   * that sends the mail may be another process, which does not listen where
   * Keel's own pages are. Absent from jobs queued before it existed.
   */
  linkBase?: string;
}

/** A mail server that is away is tried again for about a quarter of an hour, then given up (the user can ask again). */
const QUEUE_SETTINGS: Omit<PgBoss.Queue, 'name'> = {
  retryLimit: 5,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 120,
};

/**
 * `POST /v1/auth/password/forgot` answers after one thing that is the same
 * for every address: a job naming it is queued. Whether the address has an
 * account, the token write and the mail happen in the job, after the answer
 * (PasswordsService.forgot), so the response time tells nobody who has an
 * account; and a mail server that is away is retried by the queue instead
 * of losing the link.
 */
@Injectable()
export class PasswordResetRequests implements OnApplicationBootstrap {
  private readonly logger = new Logger(PasswordResetRequests.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly passwords: PasswordsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly limits: RateLimits,
    private readonly requestContext: RequestContext,
    private readonly config: IdentityConfig,
    private readonly links: MailLinks,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.declareQueue(PASSWORD_RESET_MAIL_QUEUE, QUEUE_SETTINGS);
    if (!this.queue.runsWorkers) return;
    await this.queue.workEach<PasswordResetMailJob>(PASSWORD_RESET_MAIL_QUEUE, { pollingIntervalSeconds: 2 }, (job) =>
      this.passwords.forgot(job.data.email, job.data.linkBase).catch((error: unknown) => {
        this.logger.warn({
          jobId: job.id,
          err: { message: error instanceof Error ? error.message : String(error) },
          msg: 'password reset mail not sent; the queue tries again',
        });
        throw error;
      }),
    );
  }

  /**
   * Queues the reset mail for `email`, the same way whether or not it has an
   * account; 429 RATE_LIMITED past PASSWORD_RESETS_PER_ADDRESS_PER_HOUR from
   * the client's address (counted per address, never per account, so it
   * tells nothing about one).
   */
  async request(email: string): Promise<void> {
    const address = this.requestContext.clientAddress;
    if (address) {
      await this.limits.consume([
        {
          key: `password-reset:address:${address}`,
          limit: this.config.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
          windowSeconds: HOUR_SECONDS,
          counts: 'password-reset requests from this address per hour',
        },
      ]);
    }
    // Sent in a transaction of its own, which also wakes the queue's workers in every process at once.
    await runUnscoped(this.dataSource, (manager) =>
      this.queue.sendInTransaction(manager, PASSWORD_RESET_MAIL_QUEUE, {
        email,
        linkBase: this.links.base(),
      } satisfies PasswordResetMailJob),
    );
  }
}
