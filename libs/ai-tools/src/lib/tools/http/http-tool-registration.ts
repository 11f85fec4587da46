import Ajv from 'ajv';
import type { FieldError } from '@keel/platform-errors';
import { jsonPathMember } from '@keel/platform-errors';
import { schemaProblems } from '../../json-schema-problems';
import { SECRET_NAME_PATTERN } from '../../secrets/secret-name';
import type { JsonSchema, ToolAnnotations } from '../ai-tool';
import type { HttpToolRequest } from './ai-http-tool.entity';
import { toolSchemaAjv } from '../tool-schema-ajv';
import { placeholdersIn, stringsIn } from './request-template';

/** What `POST …/ai/tools` registers. */
export interface HttpToolRegistration {
  name: string;
  description: string;
  inputSchema: JsonSchema;
  request: HttpToolRequest;
  secrets: string[];
  annotations: ToolAnnotations;
}

export const HTTP_TOOL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Headers the HTTP client sets itself: a tool may not. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te']);

/** The largest inputSchema or bodyTemplate, as JSON text. */
const MAX_TEMPLATE_JSON_LENGTH = 32 * 1024;

const REGISTRATION_SCHEMA = {
  type: 'object',
  required: ['name', 'description', 'inputSchema', 'request'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}(\\.[A-Za-z0-9_-]{1,64}){0,3}$' },
    description: { type: 'string', minLength: 1, maxLength: 2000 },
    inputSchema: { type: 'object' },
    request: {
      type: 'object',
      required: ['method', 'url'],
      additionalProperties: false,
      properties: {
        method: { enum: HTTP_TOOL_METHODS },
        url: { type: 'string', minLength: 1, maxLength: 2000 },
        headers: {
          type: 'object',
          maxProperties: 50,
          propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$" },
          additionalProperties: { type: 'string', maxLength: 8192, pattern: '^[^\\r\\n\\u0000]*$' },
        },
        bodyTemplate: {},
      },
    },
    secrets: {
      type: 'array',
      maxItems: 20,
      uniqueItems: true,
      items: { type: 'string', pattern: SECRET_NAME_PATTERN.source },
    },
    annotations: {
      type: 'object',
      additionalProperties: false,
      properties: {
        readOnly: { type: 'boolean' },
        destructive: { type: 'boolean' },
        idempotent: { type: 'boolean' },
        openWorld: { const: true },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validateShape = ajv.compile(REGISTRATION_SCHEMA);

function problem(path: string, rule: string, message: string): FieldError {
  return { field: path.replace(/^\$\.?/, '') || '$', path, rule, message };
}

/**
 * Why a registration may not be saved, each problem at its JSON path; empty
 * when it may. `builtInNames` are the built-in tools' names: a workspace tool
 * takes none of them, nor their namespaces (`projects.…`), so a policy rule on
 * `projects.*` never reaches outside Keel.
 */
export function registrationProblems(body: unknown, builtInNames: readonly string[]): FieldError[] {
  if (!validateShape(body)) return schemaProblems(validateShape.errors);
  const registration = body as unknown as HttpToolRegistration;
  const problems: FieldError[] = [];

  const namespace = registration.name.split('.')[0];
  if (builtInNames.some((name) => name === registration.name || name.split('.')[0] === namespace)) {
    problems.push(problem('$.name', 'builtIn', `${namespace}.… names Keel's built-in tools; choose another name`));
  }

  if (JSON.stringify(registration.inputSchema).length > MAX_TEMPLATE_JSON_LENGTH) {
    problems.push(
      problem('$.inputSchema', 'maxLength', `must be at most ${MAX_TEMPLATE_JSON_LENGTH} characters of JSON`),
    );
  } else if (registration.inputSchema['type'] !== 'object') {
    problems.push(problem('$.inputSchema.type', 'const', 'must be "object": a tool takes named arguments'));
  } else {
    try {
      toolSchemaAjv().compile(registration.inputSchema);
    } catch (error) {
      problems.push(
        problem('$.inputSchema', 'schema', `is not a JSON Schema ajv can use: ${(error as Error).message}`),
      );
    }
  }

  const request = registration.request;
  problems.push(...urlProblems(request.url));
  for (const header of Object.keys(request.headers ?? {})) {
    if (RESERVED_HEADERS.has(header.toLowerCase())) {
      problems.push(problem(`$.request.headers${jsonPathMember(header)}`, 'reserved', 'is set by Keel itself'));
    }
  }
  if (request.bodyTemplate !== undefined) {
    if (request.method === 'GET') {
      problems.push(problem('$.request.bodyTemplate', 'method', 'a GET request has no body'));
    } else if (JSON.stringify(request.bodyTemplate).length > MAX_TEMPLATE_JSON_LENGTH) {
      problems.push(
        problem(
          '$.request.bodyTemplate',
          'maxLength',
          `must be at most ${MAX_TEMPLATE_JSON_LENGTH} characters of JSON`,
        ),
      );
    }
  }

  // Placeholders: a secret only if the registration names it, an input only if the schema declares it.
  const named = new Set(registration.secrets ?? []);
  const declared = new Set(Object.keys((registration.inputSchema['properties'] as object | undefined) ?? {}));
  const texts = [
    { path: '$.request.url', text: request.url },
    ...Object.entries(request.headers ?? {}).map(([name, text]) => ({
      path: `$.request.headers${jsonPathMember(name)}`,
      text,
    })),
    ...stringsIn(request.bodyTemplate, '$.request.bodyTemplate'),
  ];
  for (const { path, text } of texts) {
    for (const placeholder of placeholdersIn(text)) {
      if (placeholder.source === 'secrets' && !named.has(placeholder.path)) {
        problems.push(problem(path, 'secret', `uses the secret ${placeholder.path}, which secrets does not name`));
      }
      const field = placeholder.path.split('.')[0] ?? '';
      if (placeholder.source === 'input' && !declared.has(field)) {
        problems.push(problem(path, 'input', `uses input.${field}, which inputSchema.properties does not declare`));
      }
    }
    if (/\{\{(?!\s*(input|secrets)\.)/.test(text)) {
      problems.push(problem(path, 'placeholder', 'placeholders are {{input.name}} or {{secrets.NAME}}'));
    }
  }
  const annotations = registration.annotations ?? {};
  if (annotations.readOnly && annotations.destructive) {
    problems.push(problem('$.annotations.destructive', 'readOnly', 'a read-only tool destroys nothing'));
  }
  return problems;
}

/** The URL must be absolute http(s), with its scheme, host and port written out: placeholders only after them. */
function urlProblems(url: string): FieldError[] {
  const origin = /^(https?):\/\/([^/?#{}]+)(?=[/?#]|$)/i.exec(url);
  if (!origin) {
    return [
      problem(
        '$.request.url',
        'url',
        'must be an absolute http or https URL whose host is written out (placeholders only in the path and query)',
      ),
    ];
  }
  try {
    new URL(url.replace(/\{\{[^}]*\}\}/g, 'x'));
  } catch {
    return [problem('$.request.url', 'url', 'is not a valid URL')];
  }
  return [];
}

/** The annotations with MCP's defaults for what was left out: not read-only, destructive, not idempotent, open world. */
export function annotationsOf(given: Partial<ToolAnnotations> | undefined): ToolAnnotations {
  const readOnly = given?.readOnly ?? false;
  return {
    readOnly,
    destructive: given?.destructive ?? !readOnly,
    idempotent: given?.idempotent ?? readOnly,
    openWorld: true,
  };
}
