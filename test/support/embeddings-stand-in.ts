import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server that speaks OpenAI's `POST /v1/embeddings` wire format (the
 * official SDK asks for base64 float32 vectors unless told otherwise; both
 * encodings are served), for the calls Keel makes. Its vectors are made from
 * a small concept table, so words of one concept ("car", "automobile",
 * "vehicle") land near each other while sharing no letters: hybrid search can
 * then find what full text cannot. Other words hash into the remaining
 * dimensions. It records every request, and can be told to fail.
 */
export interface EmbeddingsStandIn {
  /** The base URL Keel is given (ends in /v1). */
  baseUrl: string;
  apiKey: string;
  /** Every text embedded so far, in order. */
  inputs: string[];
  requests: { authorization: string | undefined; model: string; encoding: string }[];
  /** While set, every request is answered with this HTTP status and OpenAI's error body. */
  failWith: number | null;
  close(): Promise<void>;
}

const DIMENSIONS = 48;
const CONCEPTS: string[][] = [
  ['car', 'cars', 'automobile', 'automobiles', 'vehicle', 'vehicles', 'fleet'],
  ['service', 'serviced', 'servicing', 'maintenance', 'maintain', 'maintained', 'repair', 'repairs', 'upkeep'],
  ['price', 'pricing', 'cost', 'costs', 'fee', 'fees', 'invoice', 'charge'],
  ['holiday', 'holidays', 'vacation', 'leave', 'pto', 'time-off'],
  ['kilometres', 'kilometers', 'miles', 'distance', 'mileage'],
];
const CONCEPT_OF = new Map(CONCEPTS.flatMap((words, concept) => words.map((word) => [word, concept] as const)));

/** The stand-in's vector of a text: concept counts plus hashed other words. */
export function standInVector(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9-]+/g) ?? []) {
    const concept = CONCEPT_OF.get(word);
    if (concept !== undefined) {
      vector[concept] += 3;
    } else {
      let hash = 0;
      for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
      vector[CONCEPTS.length + (hash % (DIMENSIONS - CONCEPTS.length))] += 0.2;
    }
  }
  return vector;
}

function base64Of(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function errorBody(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

export async function startEmbeddingsStandIn(apiKey = 'sk-test-embeddings-stand-in'): Promise<EmbeddingsStandIn> {
  const state: Omit<EmbeddingsStandIn, 'baseUrl' | 'close'> = { apiKey, inputs: [], requests: [], failWith: null };
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
        return send(
          response,
          404,
          errorBody(`Unknown request URL: ${request.method} ${request.url}`, 'invalid_request_error', 'unknown_url'),
        );
      }
      const body = await bodyOf(request);
      state.requests.push({
        authorization: request.headers.authorization,
        model: String(body['model']),
        encoding: String(body['encoding_format'] ?? 'float'),
      });
      if (request.headers.authorization !== `Bearer ${apiKey}`) {
        return send(
          response,
          401,
          errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'),
        );
      }
      if (state.failWith !== null) {
        return send(response, state.failWith, errorBody('The server is overloaded.', 'server_error', null));
      }
      const input = typeof body['input'] === 'string' ? [body['input']] : (body['input'] as string[]);
      state.inputs.push(...input);
      const base64 = body['encoding_format'] === 'base64';
      send(response, 200, {
        object: 'list',
        data: input.map((text, index) => ({
          object: 'embedding',
          index,
          embedding: base64 ? base64Of(standInVector(text)) : standInVector(text),
        })),
        model: body['model'],
        usage: {
          prompt_tokens: input.join(' ').split(/\s+/).length,
          total_tokens: input.join(' ').split(/\s+/).length,
        },
      });
    })().catch((error: unknown) => send(response, 500, errorBody(String(error), 'server_error', null)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const standIn = state as EmbeddingsStandIn;
  standIn.baseUrl = `http://127.0.0.1:${port}/v1`;
  standIn.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return standIn;
}
