export {
  asTestAdmin,
  startTestDatabaseServer,
  testAdminUrl,
  TEST_ADMIN_URL_VARIABLE,
} from './lib/test-database-server';
export type { TestDatabaseServer } from './lib/test-database-server';
export { createTestDatabase, createApplicationLogin, createDatabaseOwnerLogin } from './lib/test-database';
export type { TestDatabase, ApplicationLogin } from './lib/test-database';
export { createTestDatabaseTemplate, TEST_TEMPLATE_VARIABLE } from './lib/test-database-template';
export type { TestDatabaseTemplate } from './lib/test-database-template';
export { startKeelProcess, runKeelCommand } from './lib/keel-process';
export type { KeelProcess, StartKeelProcessOptions } from './lib/keel-process';
export { startSmtpListener, tokenInMail } from './lib/smtp-listener';
export type { SmtpListener } from './lib/smtp-listener';
export { loadSearchCorpus } from './lib/search-quality/search-corpus';
export type { CorpusDocument, LabelledQuery, SearchCorpus } from './lib/search-quality/search-corpus';
export { evaluateRoute, uploadCorpus } from './lib/search-quality/search-evaluation';
export type {
  QueryOutcome,
  RouteEvaluation,
  UploadedCorpus,
  WorkspaceCaller,
} from './lib/search-quality/search-evaluation';
export {
  meanFigures,
  rankedDocuments,
  recallAt,
  reciprocalRank,
  scoreQuery,
} from './lib/search-quality/search-metrics';
export type { QualityFigures, QueryScore } from './lib/search-quality/search-metrics';
export { startS3CompatibleServer } from './lib/s3-compatible-server';
export type { S3CompatibleServer } from './lib/s3-compatible-server';
