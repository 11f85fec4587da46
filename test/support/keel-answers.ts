import type { components, ProblemDetails } from '@keel/sdk';

/**
 * A schema of Keel's contract as the SDK generates it from docs/openapi.json,
 * e.g. `Schema<'WorkspaceResponse'>`: a change of the contract is a type error
 * in the suites.
 */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/**
 * What one SDK call gave back, whatever its status: openapi-fetch splits it
 * into `data` (2xx, typed by the route's response schema) and `error` (the
 * parsed problem), and both are read here.
 */
export interface Answer<Data = unknown> {
  status: number;
  headers: Headers;
  /** `data` on 2xx, `error` otherwise; undefined when the response had no body (204, 202). */
  body: Data | ProblemDetails | undefined;
}

interface SdkResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The success body type of an SDK result (openapi-fetch's union of a data branch and an error branch). */
type DataOf<Result> = Result extends { data: infer Data } ? Data : never;

export async function answerOf<Result extends SdkResult>(call: Promise<Result>): Promise<Answer<DataOf<Result>>> {
  const { data, error, response } = await call;
  // Every v1 route declares problem details as its error body.
  return {
    status: response.status,
    headers: response.headers,
    body: (response.ok ? data : error) as Answer<DataOf<Result>>['body'],
  };
}

/** Asserts the status and returns the body, typed by the route's response schema. */
export function bodyOf<Data>(answer: Answer<Data>, status: number): Data {
  // The body is in the comparison so that a wrong status prints the problem that came with it.
  expect({ status: answer.status, body: answer.body }).toEqual({ status, body: answer.body });
  return answer.body as Data;
}
