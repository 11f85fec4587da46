import { Injectable } from '@nestjs/common';

/** What the creator asked of a new workspace beyond its name, for the steps that care. */
export interface WorkspaceSetupRequest {
  /** The plan to start a trial of (billing); the default plan when absent. */
  plan?: string;
}

/** A step that gives a new workspace what it starts with, e.g. its default workflow. */
export type WorkspaceSetupStep = (workspaceId: string, request: WorkspaceSetupRequest) => Promise<void>;

/**
 * Lets later contexts (which tenancy must not import) give every new
 * workspace its starting rows. Steps run inside the creating tenant
 * transaction, so a workspace exists with all of them or not at all.
 */
@Injectable()
export class WorkspaceSetup {
  private readonly steps: WorkspaceSetupStep[] = [];

  /** Called by a context module at start-up (onModuleInit). */
  register(step: WorkspaceSetupStep): void {
    this.steps.push(step);
  }

  async run(workspaceId: string, request: WorkspaceSetupRequest = {}): Promise<void> {
    for (const step of this.steps) await step(workspaceId, request);
  }
}
