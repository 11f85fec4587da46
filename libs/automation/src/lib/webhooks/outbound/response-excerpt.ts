import type { Readable } from 'node:stream';

/**
 * Reads the first `keepBytes` of a response body as UTF-8 text, reading at most
 * `readLimitBytes` from the wire (so a small answer is read to its end, and a
 * huge or endless one is cut off), then destroys the stream so the rest is
 * discarded instead of buffered. An incomplete UTF-8 sequence at the cut is
 * dropped rather than shown as a replacement character.
 */
export async function readResponseExcerpt(body: Readable, keepBytes: number, readLimitBytes: number): Promise<string> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let readBytes = 0;
  try {
    for await (const chunk of body) {
      const bytes: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      readBytes += bytes.length;
      if (keptBytes < keepBytes) {
        const slice = bytes.subarray(0, keepBytes - keptBytes);
        kept.push(slice);
        keptBytes += slice.length;
      }
      if (readBytes >= readLimitBytes) {
        break;
      }
    }
  } finally {
    // Leaving the loop early already destroys the stream; this covers a throw as well.
    body.destroy();
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(kept), { stream: true });
}
