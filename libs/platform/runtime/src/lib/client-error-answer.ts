import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { resolveRequestId } from '@keel/platform-context';
import { ERROR_CODES, ErrorCode, PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from '@keel/platform-errors';

interface Refusal {
  code: ErrorCode;
  detail: string;
}

/** What Node's parser refused, in a client's words; its own reason can quote the request's bytes. */
function refusalFor(error: NodeJS.ErrnoException): Refusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        code: 'HEADERS_TOO_LARGE',
        detail: 'The request line and headers together are larger than the server accepts (16 KB); shorten the URL.',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return { code: 'REQUEST_TIMEOUT', detail: 'The request was not received in time.' };
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_CONTENT_LENGTH':
      return {
        code: 'BAD_REQUEST',
        detail: 'The Content-Length and Transfer-Encoding headers are invalid or conflict; send one of them.',
      };
    default:
      return { code: 'BAD_REQUEST', detail: 'The request is not valid HTTP/1.1.' };
  }
}

/** A complete HTTP/1.1 answer carrying problem details, for writing straight to a socket. */
export function rawProblemAnswer(code: ErrorCode, detail: string): string {
  const requestId = resolveRequestId(undefined);
  const { status, title } = ERROR_CODES[code];
  const problem: ProblemDetails = { type: problemType(code), title, status, detail, code, requestId };
  const body = JSON.stringify(problem);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? title}\r\n` +
    `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${requestId}\r\n` +
    'Cache-Control: no-store\r\n' +
    'Connection: close\r\n\r\n' +
    body
  );
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before any
 * request exists (a request line and headers over the limit, conflicting
 * Content-Length and Transfer-Encoding, bytes that are not HTTP, a request
 * not sent in time) is answered as problem details with a request id of its
 * own, then the connection is closed — as Node itself would, but in Keel's
 * error format rather than Fastify's.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A connection the client reset, or one already answered: nothing to say.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { code, detail } = refusalFor(error);
    socket.write(rawProblemAnswer(code, detail));
  }
  socket.destroy(error);
}
