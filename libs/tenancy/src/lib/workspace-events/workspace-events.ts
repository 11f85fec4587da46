import { Injectable } from '@nestjs/common';

/** One domain event as tenancy states it; the events context adds id, time, actor and trace. */
export interface WorkspaceEvent {
  type: string;
  version: number;
  data: object;
}

/** Writes an event into the outbox of the open tenant transaction of `workspaceId`. */
export type WorkspaceEventPublisher = (workspaceId: string, event: WorkspaceEvent) => Promise<unknown>;

/**
 * The door through which tenancy publishes its domain events (members,
 * invites, API keys). The outbox lives in the events context, which tenancy
 * must not import: the events module connects it here at start-up, and an
 * event then commits with the change that caused it, or not at all.
 */
@Injectable()
export class WorkspaceEvents {
  private publisher: WorkspaceEventPublisher | undefined;

  /** Called once by the events module (onModuleInit). */
  connect(publisher: WorkspaceEventPublisher): void {
    this.publisher = publisher;
  }

  async publish(workspaceId: string, event: WorkspaceEvent): Promise<void> {
    // No silent fallback: an app that composes tenancy without the outbox would lose events.
    if (!this.publisher) throw new Error('Tenancy events need the events module, which connects the outbox.');
    await this.publisher(workspaceId, event);
  }
}
