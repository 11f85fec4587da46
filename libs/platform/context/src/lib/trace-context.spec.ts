import { continueOrStartTrace, formatTraceparent, TraceContext } from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

function expectNewSampledTrace(trace: TraceContext): void {
  expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(trace.traceId).not.toBe(TRACE_ID);
  expect(trace.traceId).not.toBe('0'.repeat(32));
  expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
  expect(trace.parentSpanId).toBeUndefined();
  expect(trace.traceFlags).toBe(1);
}

describe('continueOrStartTrace', () => {
  it('should continue a valid traceparent with a new span of its own', () => {
    const trace = continueOrStartTrace(`00-${TRACE_ID}-${PARENT_SPAN_ID}-01`);

    expect(trace.traceId).toBe(TRACE_ID);
    expect(trace.parentSpanId).toBe(PARENT_SPAN_ID);
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe(PARENT_SPAN_ID);
    expect(trace.traceFlags).toBe(1);
  });

  it("should keep the caller's sampling decision", () => {
    expect(continueOrStartTrace(`00-${TRACE_ID}-${PARENT_SPAN_ID}-00`).traceFlags).toBe(0);
  });

  it('should accept surrounding spaces and take the first of repeated headers', () => {
    expect(continueOrStartTrace(`  00-${TRACE_ID}-${PARENT_SPAN_ID}-01 `).traceId).toBe(TRACE_ID);
    expect(continueOrStartTrace([`00-${TRACE_ID}-${PARENT_SPAN_ID}-01`, 'garbage']).traceId).toBe(TRACE_ID);
  });

  it('should start a new sampled trace when none came in', () => {
    expectNewSampledTrace(continueOrStartTrace(undefined));
  });

  it.each([
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${PARENT_SPAN_ID}-01`],
    ['an all-zero span id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE_ID}-${PARENT_SPAN_ID}-01`],
    ['a version that is not hex', `zz-${TRACE_ID}-${PARENT_SPAN_ID}-01`],
    ['a short trace id', `00-${TRACE_ID.slice(2)}-${PARENT_SPAN_ID}-01`],
    ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-${PARENT_SPAN_ID}-01`],
    ['garbage', 'not a traceparent'],
    ['an empty header', ''],
  ])('should start a new trace instead of continuing %s', (_case, header) => {
    expectNewSampledTrace(continueOrStartTrace(header));
  });

  it('should start a different trace for each request', () => {
    expect(continueOrStartTrace(undefined).traceId).not.toBe(continueOrStartTrace(undefined).traceId);
  });
});

describe('formatTraceparent', () => {
  it("should name this server's span, ready to send downstream", () => {
    const trace: TraceContext = {
      traceId: TRACE_ID,
      spanId: 'b7ad6b7169203331',
      parentSpanId: PARENT_SPAN_ID,
      traceFlags: 1,
    };

    expect(formatTraceparent(trace)).toBe(`00-${TRACE_ID}-b7ad6b7169203331-01`);
  });

  it('should pad the flags to two hex digits', () => {
    expect(formatTraceparent({ traceId: TRACE_ID, spanId: PARENT_SPAN_ID, traceFlags: 0 })).toMatch(/-00$/);
  });

  it('should round-trip: a downstream service continues the same trace under this span', () => {
    const here = continueOrStartTrace(`00-${TRACE_ID}-${PARENT_SPAN_ID}-01`);

    const header = formatTraceparent(here);
    const downstream = continueOrStartTrace(header);

    expect(header).toMatch(TRACEPARENT);
    expect(downstream.traceId).toBe(TRACE_ID);
    expect(downstream.parentSpanId).toBe(here.spanId);
    expect(downstream.traceFlags).toBe(here.traceFlags);
  });

  it('should format a newly started trace as a valid traceparent', () => {
    const started = continueOrStartTrace(undefined);

    expect(continueOrStartTrace(formatTraceparent(started)).traceId).toBe(started.traceId);
  });
});
