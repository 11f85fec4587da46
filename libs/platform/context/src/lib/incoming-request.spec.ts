import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { identifyIncomingRequest } from './incoming-request';

function request(headers: Record<string, string>): IncomingMessage {
  const raw = new IncomingMessage(new Socket());
  raw.headers = headers;
  return raw;
}

describe('identifyIncomingRequest', () => {
  it('should take the request id and trace from the headers', () => {
    const identity = identifyIncomingRequest(
      request({ 'x-request-id': 'edge-42', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }),
    );

    expect(identity.requestId).toBe('edge-42');
    expect(identity.trace.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('should give every part of the pipeline the same identity for one request', () => {
    const raw = request({});

    const first = identifyIncomingRequest(raw);
    const again = identifyIncomingRequest(raw);

    expect(again).toBe(first);
    expect(again.requestId).toBe(first.requestId);
    expect(again.trace.spanId).toBe(first.trace.spanId);
  });

  it('should give two requests without headers different identities', () => {
    const a = identifyIncomingRequest(request({}));
    const b = identifyIncomingRequest(request({}));

    expect(a.requestId).not.toBe(b.requestId);
    expect(a.trace.traceId).not.toBe(b.trace.traceId);
  });
});
