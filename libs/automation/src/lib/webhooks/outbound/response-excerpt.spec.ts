import { Readable } from 'node:stream';
import { readResponseExcerpt } from './response-excerpt';

describe('readResponseExcerpt', () => {
  it('should read a short body to its end', async () => {
    expect(await readResponseExcerpt(Readable.from([Buffer.from('{"ok":'), Buffer.from('true}')]), 1024, 65536)).toBe(
      '{"ok":true}',
    );
  });

  it('should keep only the first bytes of a long body', async () => {
    const excerpt = await readResponseExcerpt(Readable.from([Buffer.alloc(5000, 'a')]), 1024, 65536);

    expect(excerpt).toBe('a'.repeat(1024));
  });

  it('should stop pulling from the stream at the read limit and destroy it', async () => {
    let pulled = 0;
    function* endless(): Generator<Buffer> {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(1000, 'x');
      }
    }
    const body = Readable.from(endless(), { objectMode: false, highWaterMark: 1 });

    const excerpt = await readResponseExcerpt(body, 10, 8000);

    expect(excerpt).toBe('x'.repeat(10));
    expect(body.destroyed).toBe(true);
    // Eight chunks reach the limit; the stream may have pulled a few more ahead of the reader.
    expect(pulled).toBeLessThan(20);
  });

  it('should drop a UTF-8 character cut in half rather than show a replacement character', async () => {
    // 'é' is two bytes: a 5-byte cut ends inside the third one.
    const excerpt = await readResponseExcerpt(Readable.from([Buffer.from('ééé')]), 5, 65536);

    expect(excerpt).toBe('éé');
  });
});
