import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DocumentBuilder,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ResponseObject,
  SchemaObject,
  SwaggerModule,
  TagObject,
} from '@nestjs/swagger';
import {
  FIELD_ERROR_SCHEMA,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_DETAILS_SCHEMA,
  PROBLEM_EXAMPLES,
} from '@keel/platform-errors';
import type { ApiReference, ApiTag } from './keel-application';
import { MAX_PATH_PARAMETER_LENGTH } from './http-adapter';
import { boundFormattedStrings } from './openapi-format-bounds';
import { asOpenApi31Schemas } from './openapi-nullable';
import { addRateLimitResponses } from './openapi-rate-limits';

/** Where the rendered reference is served. */
export const DOCS_PATH = '/docs';

const DEFAULT_DESCRIPTION =
  'Errors are RFC 9457 problem details (application/problem+json) with a stable `code` and the `requestId` to quote.';

const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const PROBLEM_RESPONSE: ResponseObject = {
  description: 'Problem details (application/problem+json).',
  content: {
    [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' }, examples: PROBLEM_EXAMPLES },
  },
};

/**
 * Every route can answer with problem details (unknown errors, timeouts,
 * validation), so each operation says so unless it declares its own default:
 * the generated SDK then types `error` as ProblemDetails without every
 * controller repeating it.
 */
function addProblemDefaults(paths: Record<string, PathItemObject>): void {
  for (const item of Object.values(paths)) {
    for (const method of OPERATION_METHODS) {
      const operation: OperationObject | undefined = item[method];
      if (operation) operation.responses.default ??= { $ref: '#/components/responses/Problem' };
    }
  }
}

const IDEMPOTENCY_KEY_PARAMETER: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the same key with the same request within 24 h answers with the first successful ' +
    'response (header `Idempotent-Replayed: true`) instead of acting again; the same key with another request ' +
    'gets 422 IDEMPOTENCY_KEY_REUSED, and while the first is still running, 409 IDEMPOTENCY_KEY_IN_USE.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
  example: '0193a3c4-6f1e-7c2a-9d55-2b1f0e8c4a17',
};

function refusesIdempotencyKey(operation: OperationObject): boolean {
  return (operation as OperationObject & { 'x-keel-idempotency'?: boolean })['x-keel-idempotency'] === false;
}

/**
 * Authenticated POSTs honour Idempotency-Key (public ones, such as sign-in,
 * ignore it), so each of them lists the header; inline rather than a `$ref`,
 * so every reader of the document sees it without resolving references. A
 * route that refuses the header says so with `x-keel-idempotency: false`.
 */
function addIdempotencyKeyHeader(paths: Record<string, PathItemObject>): void {
  for (const item of Object.values(paths)) {
    const operation = item.post;
    if (!operation?.security?.length || refusesIdempotencyKey(operation)) continue;
    operation.parameters = [...(operation.parameters ?? []), { ...IDEMPOTENCY_KEY_PARAMETER }];
  }
}

const UUID_LENGTH = 36;
const ID_EXAMPLE = '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10';

/**
 * Path parameters named `…Id` are UUIDs (ParseIdPipe refuses anything else
 * with 404): say so, with an example, since route decorators only give names.
 * Any other path parameter is at most what the router matches.
 */
function describePathParameters(paths: Record<string, PathItemObject>): void {
  for (const item of Object.values(paths)) {
    for (const method of OPERATION_METHODS) {
      for (const parameter of item[method]?.parameters ?? []) {
        if (!('in' in parameter) || parameter.in !== 'path') continue;
        if (!parameter.name.endsWith('Id')) {
          const schema = (parameter.schema ?? { type: 'string' }) as SchemaObject;
          if (schema.type === 'string') parameter.schema = { maxLength: MAX_PATH_PARAMETER_LENGTH, ...schema };
          continue;
        }
        const noun = parameter.name.slice(0, -2).replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
        parameter.description ??= `The ${noun}'s id (a UUID).`;
        parameter.schema = { type: 'string', format: 'uuid', maxLength: UUID_LENGTH, example: ID_EXAMPLE };
      }
    }
  }
}

/** Every tag an operation uses. */
function tagsInUse(paths: Record<string, PathItemObject>): Set<string> {
  const names = new Set<string>();
  for (const item of Object.values(paths)) {
    for (const method of OPERATION_METHODS) for (const tag of item[method]?.tags ?? []) names.add(tag);
  }
  return names;
}

/**
 * The document's `tags`: the reference's, in its reading order, for those
 * some route uses, then any other tag a route uses, alphabetically. Renderers
 * show the groups in this order.
 */
function orderTags(paths: Record<string, PathItemObject>, described: readonly ApiTag[]): TagObject[] {
  const inUse = tagsInUse(paths);
  const ordered: TagObject[] = described
    .filter((tag) => inUse.has(tag.name))
    .map(({ name, description }) => ({ name, description }));
  const known = new Set(described.map((tag) => tag.name));
  for (const name of [...inUse].filter((tag) => !known.has(tag)).sort()) ordered.push({ name });
  return ordered;
}

/**
 * The OpenAPI 3.1 document of whatever controllers the app has mounted, with
 * the reference's introduction, tag order and webhooks when it has one.
 */
export function createOpenApiDocument(
  app: NestFastifyApplication,
  version: string,
  reference?: ApiReference,
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Keel API')
    .setDescription(reference?.introduction ?? DEFAULT_DESCRIPTION)
    .setVersion(version)
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey: string, methodKey: string) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  // Reusable components for controllers to reference with `$ref`.
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ProblemDetails: PROBLEM_DETAILS_SCHEMA,
      FieldError: FIELD_ERROR_SCHEMA,
    },
    responses: { ...document.components?.responses, Problem: PROBLEM_RESPONSE },
  };
  addProblemDefaults(document.paths);
  addRateLimitResponses(document.paths, document.components);
  addIdempotencyKeyHeader(document.paths);
  describePathParameters(document.paths);
  document.tags = orderTags(document.paths, reference?.tags ?? []);
  if (reference) document.webhooks = reference.webhooks;
  asOpenApi31Schemas(document);
  boundFormattedStrings(document);
  return document;
}

/**
 * Serves the document at GET /openapi.json and renders it at GET /docs. The
 * document is built on its first request, once every module has initialised.
 */
export function mountOpenApi(app: NestFastifyApplication, document: () => OpenAPIObject): void {
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
    customSiteTitle: 'Keel API',
  });
}
