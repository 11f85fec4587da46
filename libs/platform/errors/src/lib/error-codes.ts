/**
 * The one registry of problem codes. A code is a stable contract with clients:
 * add codes, never rename one. Each context adds its codes here so that
 * `type` URIs and titles stay unique across the API.
 */
export const ERROR_CODES = {
  NOT_FOUND: { status: 404, title: 'Not found' },
  MALFORMED_JSON: { status: 400, title: 'Malformed JSON body' },
  BODY_TOO_DEEP: { status: 400, title: 'JSON body nested too deep' },
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  INVALID_CHARACTERS: { status: 422, title: 'Characters that cannot be stored' },
  URI_TOO_LONG: { status: 414, title: 'URI too long' },
  HEADERS_TOO_LARGE: { status: 431, title: 'Request headers too large' },
  EXPECTATION_FAILED: { status: 417, title: 'Expectation failed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  VALIDATION_FAILED: { status: 422, title: 'Validation failed' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  PERMISSION_DENIED: { status: 403, title: 'Permission denied' },
  CONFLICT: { status: 409, title: 'Conflict' },
  VERSION_CONFLICT: { status: 409, title: 'Version conflict' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency key reused with another request' },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, title: 'A request with this idempotency key is running' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  REQUEST_TIMEOUT: { status: 408, title: 'Request timeout' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  INTERNAL: { status: 500, title: 'Internal error' },
  // Identity
  EMAIL_TAKEN: { status: 409, title: 'Email already registered' },
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid email or password' },
  INVALID_TOKEN: { status: 401, title: 'Invalid or expired token' },
  REFRESH_TOKEN_REUSED: { status: 401, title: 'Refresh token reused' },
  TOO_MANY_ATTEMPTS: { status: 429, title: 'Too many attempts' },
  TOKEN_INVALID: { status: 400, title: 'Unknown, used or expired link token' },
  PASSWORD_INCORRECT: { status: 403, title: 'Password incorrect' },
  EMAIL_NOT_VERIFIED: { status: 403, title: 'Email address not verified' },
  MFA_CODE_INVALID: { status: 403, title: 'Wrong, expired or reused MFA code' },
  MFA_ALREADY_ENABLED: { status: 409, title: 'MFA already enabled' },
  MFA_NOT_ENABLED: { status: 409, title: 'MFA not enabled' },
  STEP_UP_REQUIRED: { status: 403, title: 'A recent sign-in is required' },
  MFA_REQUIRED: { status: 403, title: 'This workspace requires MFA' },
  REDIRECT_NOT_ALLOWED: { status: 400, title: 'Redirect URI not on the allow-list' },
  OIDC_STATE_INVALID: { status: 400, title: 'Unknown, used or expired sign-in state' },
  OIDC_SIGN_IN_FAILED: { status: 401, title: 'Sign-in at the identity provider failed' },
  OIDC_PROVIDER_UNAVAILABLE: { status: 502, title: 'Identity provider unreachable' },
  ACCOUNT_LINK_REQUIRED: { status: 409, title: 'Account cannot be linked automatically' },
  LAST_SIGN_IN_METHOD: { status: 409, title: 'The last way to sign in cannot be removed' },
  // Tenancy
  WORKSPACE_NOT_FOUND: { status: 404, title: 'Workspace not found' },
  SLUG_TAKEN: { status: 409, title: 'Workspace slug taken' },
  LAST_OWNER: { status: 409, title: 'A workspace keeps an owner' },
  ALREADY_MEMBER: { status: 409, title: 'Already a member' },
  ROLE_KEY_TAKEN: { status: 409, title: 'Role key taken' },
  ROLE_IN_USE: { status: 409, title: 'Role in use' },
  ROLE_BUILT_IN: { status: 409, title: 'Built-in roles cannot change' },
  INVITE_REVOKED: { status: 410, title: 'Invite revoked' },
  INVITE_EXPIRED: { status: 410, title: 'Invite expired' },
  INVITE_USED: { status: 410, title: 'Invite already used' },
  INVITE_EMAIL_MISMATCH: { status: 403, title: 'Invite is for another email' },
  // Workflows
  PROJECT_KEY_TAKEN: { status: 409, title: 'Project key taken' },
  PROJECT_ARCHIVED: { status: 409, title: 'Project archived' },
  WORKFLOW_INVALID: { status: 422, title: 'Workflow definition invalid' },
  WORKFLOW_VERSION_PUBLISHED: { status: 409, title: 'Workflow version already published' },
  STATE_MAPPING_REQUIRED: { status: 422, title: 'State mapping required' },
  TRANSITION_NOT_ALLOWED: { status: 409, title: 'Transition not allowed' },
  TRANSITION_CONDITION_FAILED: { status: 422, title: 'Transition condition failed' },
  COMMENT_NOT_AUTHOR: { status: 403, title: 'Only the author may do this' },
  // Automation
  AUTOMATION_INVALID: { status: 422, title: 'Automation rule invalid' },
  WEBHOOK_ADDRESS_REFUSED: { status: 422, title: 'Webhook address not allowed' },
  // Release gates
  RELEASE_EXISTS: { status: 409, title: 'Release already registered' },
  EVIDENCE_UNPARSEABLE: { status: 422, title: 'Evidence does not parse as its type' },
  EVIDENCE_SUBJECT_MISMATCH: { status: 422, title: 'Attestation names none of the release artifacts' },
  GATE_INVALID: { status: 422, title: 'Gate definition invalid' },
  GATE_KEY_TAKEN: { status: 409, title: 'Gate key taken' },
  WAIVER_SELF_APPROVAL: { status: 403, title: 'A waiver is decided by someone other than its requester' },
  WAIVER_DECIDED: { status: 409, title: 'Waiver already decided' },
  PROMOTION_DENIED: { status: 409, title: 'Promotion denied' },
  // Documents
  UNSUPPORTED_DOCUMENT_TYPE: { status: 415, title: 'Unsupported document type' },
  DOCUMENT_EXISTS: { status: 409, title: 'Document already uploaded' },
  DOCUMENT_PROCESSING: { status: 409, title: 'Document is being processed' },
  // Jobs
  JOB_FINISHED: { status: 409, title: 'Job already finished' },
  JOB_NOT_FAILED: { status: 409, title: 'Only a failed job can be retried' },
  // Admin
  PLATFORM_ADMIN_REQUIRED: { status: 403, title: 'Platform admin required' },
  WORKSPACE_SUSPENDED: { status: 423, title: 'Workspace suspended' },
  ACCOUNT_DISABLED: { status: 403, title: 'Account disabled' },
  IMPERSONATION_FORBIDDEN: { status: 403, title: 'Not while impersonating' },
  IMPERSONATION_OF_ADMIN: { status: 403, title: 'Platform admins cannot be impersonated' },
  RETENTION_RULE_UNKNOWN: { status: 422, title: 'Unknown retention rule' },
  RETENTION_BELOW_MINIMUM: { status: 422, title: 'Retention under its minimum' },
  BUNDLE_INVALID: { status: 422, title: 'Invalid workspace bundle' },
  BUNDLE_ALREADY_IMPORTED: { status: 409, title: 'Bundle already imported' },
  // Billing
  ENTITLEMENT_EXCEEDED: { status: 402, title: 'Plan limit reached' },
  METER_KEY_TAKEN: { status: 409, title: 'Meter key taken' },
  SUBSCRIPTION_PAST_DUE: { status: 402, title: 'Subscription past due' },
  INVOICE_STATE_CONFLICT: { status: 409, title: 'Invoice state does not allow this' },
  WEBHOOK_SIGNATURE_INVALID: { status: 400, title: 'Webhook signature invalid' },
  BILLING_PROVIDER_NOT_CONFIGURED: { status: 404, title: 'Billing provider not configured' },
  MISMATCH_ALREADY_RESOLVED: { status: 409, title: 'Mismatch already resolved' },
  MISMATCH_ACTION_UNSUPPORTED: { status: 422, title: 'Action cannot resolve this mismatch' },
  // AI tools
  AI_POLICY_INVALID: { status: 422, title: 'AI policy invalid' },
  AI_PROVIDER_NOT_CONFIGURED: { status: 422, title: 'No AI model provider configured' },
  APPROVAL_SELF: { status: 403, title: 'A tool call is approved by someone other than its requester' },
  APPROVAL_DECIDED: { status: 409, title: 'Approval already decided' },
  APPROVAL_EXPIRED: { status: 409, title: 'Approval expired' },
  TOOL_INVALID: { status: 422, title: 'Tool registration invalid' },
  TOOL_NAME_TAKEN: { status: 409, title: 'Tool name taken' },
  SECRET_NAME_TAKEN: { status: 409, title: 'Secret name taken' },
  SECRET_IN_USE: { status: 409, title: 'Secret named by a tool' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const PROBLEM_TYPE_BASE = 'https://keel.dev/problems/';

export function problemType(code: ErrorCode): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-');
}

/** The generic code of each status, for HTTP errors that reach the filter without a code of ours. */
const GENERIC_CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  417: 'EXPECTATION_FAILED',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  503: 'SERVICE_UNAVAILABLE',
};

export function codeForStatus(status: number): ErrorCode {
  return GENERIC_CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}
