/**
 * Every tenant table of the schema (besides `workspaces` itself), as reviewed:
 * the catalog test requires exactly these to carry isolation, and the
 * row-level-security suite requires its query to find each of them, so it
 * cannot pass by finding nothing. A new tenant table is added here once.
 */
export const TENANT_TABLES = [
  'activity_entries',
  'ai_approvals',
  'ai_decisions',
  'ai_execution_steps',
  'ai_executions',
  'ai_http_tools',
  'ai_policy_versions',
  'ai_thread_messages',
  'ai_threads',
  'api_keys',
  'audit_events',
  'automation_rules',
  'billing_mismatches',
  'billing_provider_events',
  'billing_reconciliations',
  'automation_run_actions',
  'automation_runs',
  'comments',
  'document_chunks',
  'document_embedding_cache',
  'documents',
  'entitlement_thresholds',
  'event_deliveries',
  'evidence_items',
  'gate_evaluations',
  'gate_versions',
  'gate_waivers',
  'gates',
  'invites',
  'invoice_lines',
  'invoices',
  'job_run_events',
  'job_runs',
  'memberships',
  'meters',
  'outbox',
  'projects',
  'release_promotions',
  'releases',
  'roles',
  'subscriptions',
  'usage_adjustments',
  'usage_events',
  'usage_rollups',
  'usage_unique_values',
  'webhook_deliveries',
  'webhook_delivery_attempts',
  'webhook_endpoints',
  'workflow_versions',
  'workspace_exports',
  'workspace_secrets',
];

/**
 * Tables keyed by user, not workspace, that still carry row-level security
 * (enabled and forced) because the application role reaches them in a
 * restricted scope naming the account: the account's own audit trail. The
 * catalog test requires exactly these, beside the tenant tables, to be guarded.
 */
export const ACCOUNT_TABLES = ['account_audit_events'];
