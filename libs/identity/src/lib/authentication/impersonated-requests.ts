import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import type { UserActor } from './actor';

/** One request made with an impersonation token, once it has been answered (or refused). */
export interface ImpersonatedRequest {
  /** The user acted as; `impersonation.actorUserId` is who really acted. */
  actor: UserActor & { impersonation: { actorUserId: string } };
  method: string;
  /** The route's pattern (`/v1/workspaces/:workspaceId/projects`), or the path when no route matched. */
  route: string;
  status: number;
}

export type ImpersonatedRequestListener = (request: ImpersonatedRequest) => Promise<void>;

/**
 * Tells its listeners of every request made with an impersonation token once
 * the response is over, whatever answered it (the route, or a guard that
 * refused it), inside that request's context (request id, client address,
 * the workspace the guards verified). The authentication guard follows each
 * such request; the admin context listens and audits it.
 */
@Injectable()
export class ImpersonatedRequests {
  private readonly logger = new Logger(ImpersonatedRequests.name);
  private readonly listeners: ImpersonatedRequestListener[] = [];

  constructor(private readonly cls: ClsService) {}

  listen(listener: ImpersonatedRequestListener): void {
    this.listeners.push(listener);
  }

  follow(actor: ImpersonatedRequest['actor'], request: FastifyRequest, reply: FastifyReply): void {
    if (this.listeners.length === 0) return;
    const store = this.cls.isActive() ? this.cls.get() : undefined;
    const method = request.method;
    const route = request.routeOptions?.url ?? request.url.split('?')[0];
    // `close` comes once, when the answer is sent or the client gave up on it.
    reply.raw.once('close', () => {
      const answered: ImpersonatedRequest = { actor, method, route, status: reply.raw.statusCode };
      const tell = () => Promise.all(this.listeners.map((listener) => listener(answered)));
      const told = store ? this.cls.runWith({ ...store }, tell) : tell();
      told.catch((error: unknown) =>
        this.logger.error({ err: error, msg: 'Auditing a request made with an impersonation token failed' }),
      );
    });
  }
}
