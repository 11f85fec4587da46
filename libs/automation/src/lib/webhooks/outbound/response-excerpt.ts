import type { Readable } from 'node:stream';

/** The start of a response body, and whether that was all of it. */
export interface ResponseBodyRead {
  /** At most the `keepBytes` asked for. */
  readonly kept: Buffer;
  /** The body ended within the read limit: `kept` is all of it when the limit is no more than `keepBytes`. */
  readonly complete: boolean;
}

/**
 * Reads the first `keepBytes` of a response body, reading at most
 * `readLimitBytes` from the wire (so a small answer is read to its end, and a
 * huge or endless one is cut off), then destroys the stream so the rest is
 * discarded instead of buffered.
 */
export async function readResponseBody(
  body: Readable,
  keepBytes: number,
  readLimitBytes: number,
): Promise<ResponseBodyRead> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let readBytes = 0;
  let complete = true;
  try {
    for await (const chunk of body) {
      const bytes: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      readBytes += bytes.length;
      if (keptBytes < keepBytes) {
        const slice = bytes.subarray(0, keepBytes - keptBytes);
        kept.push(slice);
        keptBytes += slice.length;
      }
      if (readBytes > readLimitBytes) {
        complete = false;
        break;
      }
    }
  } finally {
    // Leaving the loop early already destroys the stream; this covers a throw as well.
    body.destroy();
  }
  return { kept: Buffer.concat(kept), complete };
}

/**
 * readResponseBody's bytes as UTF-8 text: an incomplete UTF-8 sequence at the
 * cut is dropped rather than shown as a replacement character.
 */
export async function readResponseExcerpt(body: Readable, keepBytes: number, readLimitBytes: number): Promise<string> {
  const { kept } = await readResponseBody(body, keepBytes, readLimitBytes);
  return new TextDecoder('utf-8').decode(kept, { stream: true });
}
