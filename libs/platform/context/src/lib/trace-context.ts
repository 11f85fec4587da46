import { isSpanContextValid, TraceFlags } from '@opentelemetry/api';
import { parseTraceParent } from '@opentelemetry/core';
import { randomFillSync } from 'node:crypto';

/** The W3C trace context of the work being done: the server span this process opened for it. */
export interface TraceContext {
  traceId: string;
  /** This server's span, a child of the caller's when a `traceparent` came in. */
  spanId: string;
  /** The caller's span id, when the trace was continued. */
  parentSpanId?: string;
  traceFlags: number;
}

/** Ids come from a pool of random bytes refilled in bulk: one system call per 512 spans, not one per id. */
const POOL_SIZE = 8192;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

function hex(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return id;
}

/** Continues the caller's trace when its `traceparent` is valid; otherwise starts a new, sampled one. */
export function continueOrStartTrace(traceparent: string | string[] | undefined): TraceContext {
  const header = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  const parent = header ? parseTraceParent(header.trim()) : null;
  if (parent && isSpanContextValid(parent)) {
    return { traceId: parent.traceId, spanId: hex(8), parentSpanId: parent.spanId, traceFlags: parent.traceFlags };
  }
  return { traceId: hex(16), spanId: hex(8), traceFlags: TraceFlags.SAMPLED };
}

/** `traceparent` naming this server's span: sent downstream and returned to the caller. */
export function formatTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.traceFlags.toString(16).padStart(2, '0')}`;
}
