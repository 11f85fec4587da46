/**
 * Who can reach what, route by route, read from docs/openapi.json (which CI
 * keeps equal to what the built app serves). The table is an inline snapshot
 * on purpose: a diff in it is a change of who can reach what, and is reviewed
 * as a permission change, not waved through as a regenerated file.
 */
import { ApiOperation, listOperations, OpenApiDocument, readOpenApiDocument } from './support/openapi-document';

const document = readOpenApiDocument();
const operations = listOperations(document);

/** `none` for a public route, `user` for one of signed-in people only, else the security schemes the route asks for. */
function authOf(document: OpenApiDocument, { operation }: ApiOperation): string {
  if (operation['x-keel-auth'] === 'none' || operation['x-keel-auth'] === 'user') return operation['x-keel-auth'];
  const requirements = operation.security ?? document.security ?? [];
  const schemes = [...new Set(requirements.flatMap((requirement) => Object.keys(requirement)))].sort();
  return schemes.length > 0 ? schemes.join('|') : 'unspecified';
}

function tableLine(operation: ApiOperation): string {
  const permission = operation.operation['x-keel-permission'] ?? '-';
  const unlessSelf = operation.operation['x-keel-permission-unless-self'];
  return (
    `${operation.method.padEnd(6)} ${operation.path.padEnd(56)} auth=${authOf(document, operation).padEnd(6)} ` +
    `permission=${permission}${unlessSelf ? ` unless-self=${unlessSelf}` : ''}`
  );
}

function byPathThenMethod(left: ApiOperation, right: ApiOperation): number {
  return left.path === right.path ? left.method.localeCompare(right.method) : left.path.localeCompare(right.path);
}

describe('route permissions in docs/openapi.json', () => {
  it('should list every route with its authentication and permission', () => {
    const table = [...operations].sort(byPathThenMethod).map(tableLine).join('\n');

    expect(`\n${table}\n`).toMatchInlineSnapshot(`
     "
     GET    /.well-known/jwks.json                                   auth=none   permission=-
     GET    /health/live                                             auth=none   permission=-
     GET    /health/ready                                            auth=none   permission=-
     GET    /v1/admin/audit-events                                   auth=user   permission=platform:admin
     POST   /v1/admin/impersonations                                 auth=user   permission=platform:admin
     DELETE /v1/admin/impersonations/{impersonationId}               auth=user   permission=platform:admin
     POST   /v1/admin/imports                                        auth=user   permission=platform:admin
     GET    /v1/admin/imports/{importId}                             auth=user   permission=platform:admin
     GET    /v1/admin/jobs                                           auth=user   permission=platform:admin
     POST   /v1/admin/jobs/{jobId}/cancel                            auth=user   permission=platform:admin
     POST   /v1/admin/jobs/{jobId}/retry                             auth=user   permission=platform:admin
     POST   /v1/admin/jobs/prune                                     auth=user   permission=platform:admin
     GET    /v1/admin/overview                                       auth=user   permission=platform:admin
     POST   /v1/admin/overview/refresh                               auth=user   permission=platform:admin
     GET    /v1/admin/retention                                      auth=user   permission=platform:admin
     PUT    /v1/admin/retention                                      auth=user   permission=platform:admin
     POST   /v1/admin/retention/dry-run                              auth=user   permission=platform:admin
     GET    /v1/admin/users                                          auth=user   permission=platform:admin
     GET    /v1/admin/users/{userId}                                 auth=user   permission=platform:admin
     POST   /v1/admin/users/{userId}/disable                         auth=user   permission=platform:admin
     POST   /v1/admin/users/{userId}/enable                          auth=user   permission=platform:admin
     POST   /v1/admin/users/{userId}/sign-out                        auth=user   permission=platform:admin
     GET    /v1/admin/workspaces                                     auth=user   permission=platform:admin
     DELETE /v1/admin/workspaces/{workspaceId}                       auth=user   permission=platform:admin
     GET    /v1/admin/workspaces/{workspaceId}                       auth=user   permission=platform:admin
     POST   /v1/admin/workspaces/{workspaceId}/restore               auth=user   permission=platform:admin
     POST   /v1/admin/workspaces/{workspaceId}/suspend               auth=user   permission=platform:admin
     POST   /v1/auth/email/verify                                    auth=none   permission=-
     POST   /v1/auth/email/verify/resend                             auth=user   permission=-
     POST   /v1/auth/login                                           auth=none   permission=-
     POST   /v1/auth/logout                                          auth=user   permission=-
     POST   /v1/auth/mfa/verify                                      auth=none   permission=-
     GET    /v1/auth/oidc/{provider}/callback                        auth=none   permission=-
     GET    /v1/auth/oidc/{provider}/start                           auth=none   permission=-
     POST   /v1/auth/oidc/exchange                                   auth=none   permission=-
     POST   /v1/auth/password/change                                 auth=user   permission=-
     POST   /v1/auth/password/forgot                                 auth=none   permission=-
     POST   /v1/auth/password/reset                                  auth=none   permission=-
     POST   /v1/auth/refresh                                         auth=none   permission=-
     POST   /v1/auth/signup                                          auth=none   permission=-
     POST   /v1/auth/step-up                                         auth=user   permission=-
     POST   /v1/billing/webhooks/stripe                              auth=none   permission=-
     GET    /v1/event-types                                          auth=bearer permission=-
     GET    /v1/gate-templates                                       auth=none   permission=-
     POST   /v1/invites/accept                                       auth=user   permission=-
     DELETE /v1/me                                                   auth=user   permission=-
     GET    /v1/me                                                   auth=user   permission=-
     PATCH  /v1/me                                                   auth=user   permission=-
     GET    /v1/me/audit-events                                      auth=user   permission=-
     POST   /v1/me/email                                             auth=user   permission=-
     GET    /v1/me/export                                            auth=user   permission=-
     GET    /v1/me/identities                                        auth=user   permission=-
     DELETE /v1/me/identities/{identityId}                           auth=user   permission=-
     GET    /v1/me/mfa                                               auth=user   permission=-
     DELETE /v1/me/mfa/totp                                          auth=user   permission=-
     POST   /v1/me/mfa/totp                                          auth=user   permission=-
     POST   /v1/me/mfa/totp/confirm                                  auth=user   permission=-
     GET    /v1/me/sessions                                          auth=user   permission=-
     DELETE /v1/me/sessions/{sessionId}                              auth=user   permission=-
     GET    /v1/permissions                                          auth=bearer permission=-
     GET    /v1/plans                                                auth=none   permission=-
     GET    /v1/workspaces                                           auth=user   permission=-
     POST   /v1/workspaces                                           auth=user   permission=-
     DELETE /v1/workspaces/{workspaceId}                             auth=bearer permission=workspace:delete
     GET    /v1/workspaces/{workspaceId}                             auth=bearer permission=workspace:read
     PATCH  /v1/workspaces/{workspaceId}                             auth=bearer permission=workspace:update
     GET    /v1/workspaces/{workspaceId}/access/explain              auth=bearer permission=workspace:read
     GET    /v1/workspaces/{workspaceId}/activity                    auth=bearer permission=projects:read
     GET    /v1/workspaces/{workspaceId}/ai/approvals                auth=bearer permission=ai:approve
     POST   /v1/workspaces/{workspaceId}/ai/approvals/{approvalId}/approve auth=bearer permission=ai:approve
     POST   /v1/workspaces/{workspaceId}/ai/approvals/{approvalId}/reject auth=bearer permission=ai:approve
     GET    /v1/workspaces/{workspaceId}/ai/decisions                auth=bearer permission=ai:manage
     POST   /v1/workspaces/{workspaceId}/ai/executions               auth=bearer permission=ai:use
     GET    /v1/workspaces/{workspaceId}/ai/executions/{executionId} auth=bearer permission=ai:use
     GET    /v1/workspaces/{workspaceId}/ai/executions/{executionId}/events auth=bearer permission=ai:use
     GET    /v1/workspaces/{workspaceId}/ai/policy                   auth=bearer permission=ai:use
     PUT    /v1/workspaces/{workspaceId}/ai/policy                   auth=bearer permission=ai:manage
     POST   /v1/workspaces/{workspaceId}/ai/policy/simulate          auth=bearer permission=ai:manage
     GET    /v1/workspaces/{workspaceId}/ai/threads                  auth=bearer permission=ai:use
     POST   /v1/workspaces/{workspaceId}/ai/threads                  auth=bearer permission=ai:use
     DELETE /v1/workspaces/{workspaceId}/ai/threads/{threadId}       auth=bearer permission=ai:use
     GET    /v1/workspaces/{workspaceId}/ai/threads/{threadId}/messages auth=bearer permission=ai:use
     GET    /v1/workspaces/{workspaceId}/ai/tools                    auth=bearer permission=ai:use
     POST   /v1/workspaces/{workspaceId}/ai/tools                    auth=bearer permission=ai:manage
     DELETE /v1/workspaces/{workspaceId}/ai/tools/{name}             auth=bearer permission=ai:manage
     GET    /v1/workspaces/{workspaceId}/api-keys                    auth=bearer permission=api-keys:read
     POST   /v1/workspaces/{workspaceId}/api-keys                    auth=bearer permission=api-keys:write
     DELETE /v1/workspaces/{workspaceId}/api-keys/{keyId}            auth=bearer permission=api-keys:write
     GET    /v1/workspaces/{workspaceId}/audit-events                auth=bearer permission=audit:read
     GET    /v1/workspaces/{workspaceId}/audit-events/verify         auth=bearer permission=audit:read
     POST   /v1/workspaces/{workspaceId}/automation-runs/{runId}/replay auth=bearer permission=automations:write
     GET    /v1/workspaces/{workspaceId}/automations                 auth=bearer permission=automations:read
     POST   /v1/workspaces/{workspaceId}/automations                 auth=bearer permission=automations:write
     DELETE /v1/workspaces/{workspaceId}/automations/{ruleId}        auth=bearer permission=automations:write
     GET    /v1/workspaces/{workspaceId}/automations/{ruleId}        auth=bearer permission=automations:read
     PATCH  /v1/workspaces/{workspaceId}/automations/{ruleId}        auth=bearer permission=automations:write
     GET    /v1/workspaces/{workspaceId}/automations/{ruleId}/runs   auth=bearer permission=automations:read
     POST   /v1/workspaces/{workspaceId}/automations/{ruleId}/test   auth=bearer permission=automations:write
     POST   /v1/workspaces/{workspaceId}/billing/mismatches/{mismatchId}/resolve auth=bearer permission=billing:manage
     GET    /v1/workspaces/{workspaceId}/billing/reconciliation      auth=bearer permission=billing:read
     DELETE /v1/workspaces/{workspaceId}/comments/{commentId}        auth=bearer permission=comments:write
     PATCH  /v1/workspaces/{workspaceId}/comments/{commentId}        auth=bearer permission=comments:write
     GET    /v1/workspaces/{workspaceId}/dead-letters                auth=bearer permission=events:read
     POST   /v1/workspaces/{workspaceId}/dead-letters/{deadLetterId}/replay auth=bearer permission=events:replay
     GET    /v1/workspaces/{workspaceId}/deliveries/{deliveryId}     auth=bearer permission=webhooks:read
     POST   /v1/workspaces/{workspaceId}/deliveries/{deliveryId}/retry auth=bearer permission=webhooks:write
     GET    /v1/workspaces/{workspaceId}/documents                   auth=bearer permission=documents:read
     POST   /v1/workspaces/{workspaceId}/documents                   auth=bearer permission=documents:write
     DELETE /v1/workspaces/{workspaceId}/documents/{documentId}      auth=bearer permission=documents:write
     GET    /v1/workspaces/{workspaceId}/documents/{documentId}      auth=bearer permission=documents:read
     PATCH  /v1/workspaces/{workspaceId}/documents/{documentId}      auth=bearer permission=documents:write
     GET    /v1/workspaces/{workspaceId}/documents/{documentId}/content auth=bearer permission=documents:read
     POST   /v1/workspaces/{workspaceId}/documents/{documentId}/reprocess auth=bearer permission=documents:write
     POST   /v1/workspaces/{workspaceId}/documents/reprocess         auth=bearer permission=documents:write
     GET    /v1/workspaces/{workspaceId}/entitlements                auth=bearer permission=billing:read
     GET    /v1/workspaces/{workspaceId}/entitlements/{feature}      auth=bearer permission=billing:read
     GET    /v1/workspaces/{workspaceId}/evaluations/{evaluationId}  auth=bearer permission=gates:read
     GET    /v1/workspaces/{workspaceId}/evaluations/{evaluationId}/attestation auth=bearer permission=gates:read
     GET    /v1/workspaces/{workspaceId}/events                      auth=bearer permission=events:read
     POST   /v1/workspaces/{workspaceId}/exports                     auth=bearer permission=workspace:export
     GET    /v1/workspaces/{workspaceId}/exports/{exportId}          auth=bearer permission=workspace:export
     GET    /v1/workspaces/{workspaceId}/exports/{exportId}/download auth=bearer permission=workspace:export
     GET    /v1/workspaces/{workspaceId}/gates                       auth=bearer permission=gates:read
     POST   /v1/workspaces/{workspaceId}/gates                       auth=bearer permission=gates:write
     DELETE /v1/workspaces/{workspaceId}/gates/{gateId}              auth=bearer permission=gates:write
     GET    /v1/workspaces/{workspaceId}/gates/{gateId}              auth=bearer permission=gates:read
     PATCH  /v1/workspaces/{workspaceId}/gates/{gateId}              auth=bearer permission=gates:write
     GET    /v1/workspaces/{workspaceId}/invites                     auth=bearer permission=invites:read
     POST   /v1/workspaces/{workspaceId}/invites                     auth=bearer permission=invites:write
     DELETE /v1/workspaces/{workspaceId}/invites/{inviteId}          auth=bearer permission=invites:write
     POST   /v1/workspaces/{workspaceId}/invites/{inviteId}/resend   auth=bearer permission=invites:write
     GET    /v1/workspaces/{workspaceId}/invoices                    auth=bearer permission=billing:read
     GET    /v1/workspaces/{workspaceId}/invoices/{invoiceId}        auth=bearer permission=billing:read
     GET    /v1/workspaces/{workspaceId}/invoices/upcoming           auth=bearer permission=billing:read
     GET    /v1/workspaces/{workspaceId}/jobs                        auth=bearer permission=jobs:read
     GET    /v1/workspaces/{workspaceId}/jobs/{jobId}                auth=bearer permission=jobs:read
     POST   /v1/workspaces/{workspaceId}/jobs/{jobId}/cancel         auth=bearer permission=jobs:manage
     GET    /v1/workspaces/{workspaceId}/jobs/{jobId}/events         auth=bearer permission=jobs:read
     POST   /v1/workspaces/{workspaceId}/jobs/{jobId}/retry          auth=bearer permission=jobs:manage
     POST   /v1/workspaces/{workspaceId}/mcp                         auth=bearer permission=ai:use
     GET    /v1/workspaces/{workspaceId}/members                     auth=bearer permission=members:read
     DELETE /v1/workspaces/{workspaceId}/members/{userId}            auth=bearer permission=members:remove unless-self=userId
     PATCH  /v1/workspaces/{workspaceId}/members/{userId}            auth=bearer permission=members:update
     GET    /v1/workspaces/{workspaceId}/meters                      auth=bearer permission=billing:read
     POST   /v1/workspaces/{workspaceId}/meters                      auth=bearer permission=billing:manage
     POST   /v1/workspaces/{workspaceId}/ownership-transfer          auth=user   permission=ownership:transfer
     GET    /v1/workspaces/{workspaceId}/projects                    auth=bearer permission=projects:read
     POST   /v1/workspaces/{workspaceId}/projects                    auth=bearer permission=projects:write
     GET    /v1/workspaces/{workspaceId}/projects/{projectId}        auth=bearer permission=projects:read
     PATCH  /v1/workspaces/{workspaceId}/projects/{projectId}        auth=bearer permission=projects:write
     GET    /v1/workspaces/{workspaceId}/projects/{projectId}/activity auth=bearer permission=projects:read
     POST   /v1/workspaces/{workspaceId}/projects/{projectId}/archive auth=bearer permission=projects:write
     GET    /v1/workspaces/{workspaceId}/projects/{projectId}/comments auth=bearer permission=projects:read
     POST   /v1/workspaces/{workspaceId}/projects/{projectId}/comments auth=bearer permission=comments:write
     POST   /v1/workspaces/{workspaceId}/projects/{projectId}/restore auth=bearer permission=projects:write
     GET    /v1/workspaces/{workspaceId}/projects/{projectId}/transitions auth=bearer permission=projects:read
     POST   /v1/workspaces/{workspaceId}/projects/{projectId}/transitions auth=bearer permission=projects:transition
     POST   /v1/workspaces/{workspaceId}/projects/{projectId}/transitions/dry-run auth=bearer permission=projects:read
     GET    /v1/workspaces/{workspaceId}/releases                    auth=bearer permission=gates:read
     POST   /v1/workspaces/{workspaceId}/releases                    auth=bearer permission=releases:write
     GET    /v1/workspaces/{workspaceId}/releases/{releaseId}        auth=bearer permission=gates:read
     GET    /v1/workspaces/{workspaceId}/releases/{releaseId}/evaluations auth=bearer permission=gates:read
     POST   /v1/workspaces/{workspaceId}/releases/{releaseId}/evaluations auth=bearer permission=releases:write
     GET    /v1/workspaces/{workspaceId}/releases/{releaseId}/evidence auth=bearer permission=gates:read
     POST   /v1/workspaces/{workspaceId}/releases/{releaseId}/evidence auth=bearer permission=evidence:write
     GET    /v1/workspaces/{workspaceId}/releases/{releaseId}/promotions auth=bearer permission=gates:read
     POST   /v1/workspaces/{workspaceId}/releases/{releaseId}/promotions auth=bearer permission=releases:promote
     GET    /v1/workspaces/{workspaceId}/releases/{releaseId}/waivers auth=bearer permission=gates:read
     POST   /v1/workspaces/{workspaceId}/releases/{releaseId}/waivers auth=bearer permission=releases:write
     POST   /v1/workspaces/{workspaceId}/retrieve                    auth=bearer permission=documents:read
     GET    /v1/workspaces/{workspaceId}/roles                       auth=bearer permission=roles:read
     POST   /v1/workspaces/{workspaceId}/roles                       auth=bearer permission=roles:write
     DELETE /v1/workspaces/{workspaceId}/roles/{roleId}              auth=bearer permission=roles:write
     PATCH  /v1/workspaces/{workspaceId}/roles/{roleId}              auth=bearer permission=roles:write
     GET    /v1/workspaces/{workspaceId}/search                      auth=bearer permission=documents:read
     GET    /v1/workspaces/{workspaceId}/secrets                     auth=bearer permission=secrets:manage
     POST   /v1/workspaces/{workspaceId}/secrets                     auth=bearer permission=secrets:manage
     DELETE /v1/workspaces/{workspaceId}/secrets/{name}              auth=bearer permission=secrets:manage
     PUT    /v1/workspaces/{workspaceId}/secrets/{name}              auth=bearer permission=secrets:manage
     GET    /v1/workspaces/{workspaceId}/subscription                auth=bearer permission=billing:read
     POST   /v1/workspaces/{workspaceId}/subscription                auth=bearer permission=billing:manage
     POST   /v1/workspaces/{workspaceId}/subscription/cancel         auth=bearer permission=billing:manage
     GET    /v1/workspaces/{workspaceId}/usage                       auth=bearer permission=billing:read
     POST   /v1/workspaces/{workspaceId}/usage-adjustments           auth=bearer permission=billing:manage
     POST   /v1/workspaces/{workspaceId}/usage-events                auth=bearer permission=usage:write
     POST   /v1/workspaces/{workspaceId}/waivers/{waiverId}/approve  auth=bearer permission=gates:approve
     POST   /v1/workspaces/{workspaceId}/waivers/{waiverId}/reject   auth=bearer permission=gates:approve
     GET    /v1/workspaces/{workspaceId}/webhook-endpoints           auth=bearer permission=webhooks:read
     POST   /v1/workspaces/{workspaceId}/webhook-endpoints           auth=bearer permission=webhooks:write
     DELETE /v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId} auth=bearer permission=webhooks:write
     GET    /v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId} auth=bearer permission=webhooks:read
     PATCH  /v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId} auth=bearer permission=webhooks:write
     GET    /v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/deliveries auth=bearer permission=webhooks:read
     POST   /v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/replay auth=bearer permission=webhooks:write
     POST   /v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/rotate-secret auth=bearer permission=webhooks:write
     POST   /v1/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/test auth=bearer permission=webhooks:write
     GET    /v1/workspaces/{workspaceId}/workflow                    auth=bearer permission=workflow:read
     GET    /v1/workspaces/{workspaceId}/workflow/versions           auth=bearer permission=workflow:read
     POST   /v1/workspaces/{workspaceId}/workflow/versions           auth=bearer permission=workflow:write
     POST   /v1/workspaces/{workspaceId}/workflow/versions/{versionId}/publish auth=bearer permission=workflow:write
     "
    `);
  });

  it('should declare a permission on every workspace route', () => {
    const undeclared = operations
      .filter((operation) => operation.path.includes('{workspaceId}'))
      .filter((operation) => !operation.operation['x-keel-permission'])
      .map((operation) => operation.label);

    expect(undeclared).toEqual([]);
  });

  it('should name a parameter of its own path wherever a permission is waived for oneself', () => {
    const misnamed = operations
      .filter((operation) => operation.operation['x-keel-permission-unless-self'] !== undefined)
      .filter((operation) => !operation.path.includes(`{${operation.operation['x-keel-permission-unless-self']}}`))
      .map((operation) => operation.label);

    expect(misnamed).toEqual([]);
  });
});
