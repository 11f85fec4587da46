import { httpRequest } from './http';
import { OpenApiDocument } from './openapi-document';

/**
 * The OpenAPI document a running Keel serves at GET /openapi.json: the routes
 * it really has, not the committed copy in docs/ (which can lag behind a
 * build until `npm run openapi:export` runs).
 */
export async function readServedOpenApiDocument(baseUrl: string): Promise<OpenApiDocument> {
  const result = await httpRequest(`${baseUrl}/openapi.json`);
  if (result.status !== 200)
    throw new Error(`GET /openapi.json answered ${result.status}: ${result.text.slice(0, 500)}`);
  return JSON.parse(result.text) as OpenApiDocument;
}
