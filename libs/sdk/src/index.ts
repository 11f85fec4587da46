export type { paths, components, operations } from './generated/openapi';
export { createKeelClient } from './lib/keel-client';
export type { KeelClient, KeelClientOptions } from './lib/keel-client';
export { isProblemDetails } from './lib/problem-details';
export type { ProblemDetails, FieldError } from './lib/problem-details';
