import { ClientRequest, IncomingMessage, request } from 'node:http';

export interface CompleteResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface SlowUpload {
  /** Sends the next piece of the body and resolves once it is handed to the socket. */
  write(piece: string): Promise<void>;
  /** Marks the body complete. */
  end(): void;
  /** The response, once it has arrived whole (its `end` event). */
  response: Promise<CompleteResponse>;
}

/**
 * A POST on a connection of its own whose headers (with the full
 * Content-Length) go out at once and whose body the caller sends piece by
 * piece: a request the server has accepted and is still reading.
 */
export function openSlowUpload(url: string, contentLength: number): SlowUpload {
  const outgoing: ClientRequest = request(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': String(contentLength) },
  });
  const response = new Promise<CompleteResponse>((done, fail) => {
    outgoing.on('error', fail);
    outgoing.on('response', (incoming) => {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (body += chunk));
      incoming.on('error', fail);
      incoming.on('aborted', () => fail(new Error('the response was cut off')));
      incoming.on('end', () => done({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }));
    });
  });
  // Keep an early failure from surfacing as an unhandled rejection before the test awaits it.
  response.catch(() => undefined);
  outgoing.flushHeaders();
  return {
    write: (piece) => new Promise((done, fail) => outgoing.write(piece, (error) => (error ? fail(error) : done()))),
    end: () => outgoing.end(),
    response,
  };
}
