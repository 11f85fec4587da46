import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DocumentBuilder,
  OpenAPIObject,
  OperationObject,
  PathItemObject,
  ResponseObject,
  SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { ERROR_CODES, PROBLEM_CONTENT_TYPE } from '@keel/platform-errors';

const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The wire shape of `ProblemDetails` in @keel/platform-errors. Written out by
 * hand because that type is an interface (the swagger plugin only sees
 * classes); `code` lists the registry so clients get the codes as a union, and
 * adding a code shows up in the committed document's diff.
 */
const PROBLEM_DETAILS_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details, with the stable `code`, field `errors` and the `requestId` to quote.',
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'Identifies the problem; one URI per code.' },
    title: { type: 'string', description: 'Short summary of the problem type; the same for every occurrence.' },
    status: { type: 'integer', description: 'The HTTP status code of this response.' },
    detail: { type: 'string', description: 'What went wrong in this occurrence.' },
    code: { type: 'string', enum: Object.keys(ERROR_CODES), description: 'Stable, machine-readable problem code.' },
    requestId: { type: 'string', description: 'Also in the X-Request-Id header; quote it when reporting a problem.' },
    errors: {
      type: 'array',
      description: 'Field-level problems (VALIDATION_FAILED).',
      items: { $ref: '#/components/schemas/FieldError' },
    },
  },
  // Domain errors may add extension members (RFC 9457 §3.2).
  additionalProperties: true,
};

const FIELD_ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['field', 'message'],
  properties: {
    field: { type: 'string', description: 'Dotted path of the offending field, e.g. `members.0.email`.' },
    message: { type: 'string' },
    rule: { type: 'string', description: 'The rule that failed, e.g. `isEmail`.' },
  },
};

const PROBLEM_RESPONSE: ResponseObject = {
  description: 'Problem details (application/problem+json).',
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
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

/** The OpenAPI 3.1 document of whatever controllers the app has mounted. */
export function createOpenApiDocument(app: NestFastifyApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Keel API')
    .setDescription(
      'Multi-tenant SaaS platform backend. Errors are RFC 9457 problem details (application/problem+json) ' +
        'with a stable `code` and the `requestId` to quote.',
    )
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
  return document;
}

/** Serves the document at GET /openapi.json and renders it at GET /docs. */
export function mountOpenApi(app: NestFastifyApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
    customSiteTitle: 'Keel API',
  });
}
