/**
 * Every tenant table of the schema (besides `workspaces` itself), as reviewed:
 * the catalog test requires exactly these to carry isolation, and the
 * row-level-security suite requires its query to find each of them, so it
 * cannot pass by finding nothing. A new tenant table is added here once.
 */
export const TENANT_TABLES = [
  'activity_entries',
  'ai_decisions',
  'ai_execution_steps',
  'ai_executions',
  'ai_policy_versions',
  'api_keys',
  'audit_events',
  'automation_rules',
  'automation_run_actions',
  'automation_runs',
  'comments',
  'document_chunks',
  'documents',
  'event_deliveries',
  'evidence_items',
  'gate_evaluations',
  'gate_versions',
  'gate_waivers',
  'gates',
  'invites',
  'job_run_events',
  'job_runs',
  'memberships',
  'outbox',
  'projects',
  'release_promotions',
  'releases',
  'roles',
  'subscriptions',
  'webhook_deliveries',
  'webhook_delivery_attempts',
  'webhook_endpoints',
  'workflow_versions',
];
