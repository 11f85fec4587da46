import { Injectable } from '@nestjs/common';

/** What a plan limits, counted live per workspace. */
export type LimitedResource = 'members' | 'projects' | 'webhook_endpoints' | 'api_keys';

/** Who decides whether a workspace may have one more of something: billing's plans. */
export interface EntitlementsPolicy {
  /**
   * Throws a DomainError (402 ENTITLEMENT_EXCEEDED) when one more `resource`
   * would pass a hard limit of the workspace's plan. Called inside the
   * tenant transaction of the write, so the count and the write commit together.
   */
  assertWithinLimit(workspaceId: string, resource: LimitedResource): Promise<void>;

  /**
   * The requests a minute the workspace's plan allows on its routes (its
   * `api_rate_limit`): a number, null for no limit, or undefined when the plan
   * does not say (the deployment's default applies). Called inside a tenant
   * transaction of the workspace.
   */
  requestsPerMinute(workspaceId: string): Promise<number | null | undefined>;
}

/**
 * The port through which contexts ask whether a workspace may have one more
 * of something. Billing (which tenancy must not import) gives it its policy
 * at start-up; a process without billing limits nothing.
 */
@Injectable()
export class Entitlements {
  private policy: EntitlementsPolicy | undefined;

  /** Called once by billing's module (onModuleInit). */
  enforceWith(policy: EntitlementsPolicy): void {
    this.policy = policy;
  }

  /** Throws a DomainError when the workspace is at its limit for `resource`. */
  assertWithinLimit(workspaceId: string, resource: LimitedResource): Promise<void> {
    return this.policy ? this.policy.assertWithinLimit(workspaceId, resource) : Promise.resolve();
  }

  /** Whether a plan decides anything (billing runs in this process); otherwise every answer is the default. */
  get decided(): boolean {
    return this.policy !== undefined;
  }

  /** The workspace plan's requests a minute (see EntitlementsPolicy); undefined without billing. */
  requestsPerMinute(workspaceId: string): Promise<number | null | undefined> {
    return this.policy ? this.policy.requestsPerMinute(workspaceId) : Promise.resolve(undefined);
  }
}
