import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The parts of an OpenAPI 3.1 document the spec-walking suites read. */
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  format?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  enum?: unknown[];
  example?: unknown;
  examples?: unknown[];
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

export interface OperationObject {
  operationId?: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: SchemaObject }> };
  security?: Record<string, string[]>[];
  'x-keel-auth'?: string;
  'x-keel-permission'?: string;
  'x-keel-permission-unless-self'?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  components?: { schemas?: Record<string, SchemaObject> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'options', 'head', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ApiOperation {
  /** Upper case, as sent: `PATCH`. */
  method: string;
  /** As in the document: `/v1/workspaces/{workspaceId}/members/{userId}`. */
  path: string;
  /** `PATCH /v1/workspaces/{workspaceId}/members/{userId}`: how tests name the operation. */
  label: string;
  operation: OperationObject;
}

const DOCUMENT_PATH = resolve(__dirname, '../../docs/openapi.json');

/** docs/openapi.json, the committed document (CI checks it equals what the built app serves). */
export function readOpenApiDocument(): OpenApiDocument {
  return JSON.parse(readFileSync(DOCUMENT_PATH, 'utf8')) as OpenApiDocument;
}

function isHttpMethod(key: string): key is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(key);
}

/** Every operation of the document, in document order. */
export function listOperations(document: OpenApiDocument): ApiOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([key]) => isHttpMethod(key))
      .map(([key, operation]) => {
        const method = key.toUpperCase();
        return { method, path, label: `${method} ${path}`, operation: operation as OperationObject };
      }),
  );
}

/** The names of the `{placeholders}` of a path, in order. */
export function pathPlaceholders(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
}

/** A schema with its `$ref` (to `#/components/schemas/…`) followed. */
export function resolveSchema(document: OpenApiDocument, schema: SchemaObject): SchemaObject {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace(/^#\/components\/schemas\//, '');
  const target = document.components?.schemas?.[name];
  if (!target) throw new Error(`The document has no schema ${schema.$ref}.`);
  return resolveSchema(document, target);
}

/** The JSON schema of an operation's request body, resolved; undefined when it takes none. */
export function requestBodySchema(document: OpenApiDocument, operation: OperationObject): SchemaObject | undefined {
  const schema = operation.requestBody?.content?.['application/json']?.schema;
  return schema ? resolveSchema(document, schema) : undefined;
}
