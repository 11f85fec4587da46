import { Injectable } from '@nestjs/common';

/** What a plan limits, counted per workspace. */
export type LimitedResource = 'projects';

/**
 * The port through which contexts ask whether a workspace may have one more
 * of something. Billing will provide the real implementation (plans and
 * quotas, 402/409 when over); until then every workspace is unlimited.
 */
export abstract class Entitlements {
  /** Throws a DomainError when the workspace is at its limit for `resource`. */
  abstract assertWithinLimit(workspaceId: string, resource: LimitedResource): Promise<void>;
}

/** Today's implementation: no plan limits anything. */
@Injectable()
export class UnlimitedEntitlements extends Entitlements {
  assertWithinLimit(_workspaceId: string, _resource: LimitedResource): Promise<void> {
    return Promise.resolve();
  }
}
