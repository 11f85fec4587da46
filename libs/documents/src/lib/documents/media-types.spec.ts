import { Readable } from 'node:stream';
import { decodeUtf8Head, sniffMediaType, textShape } from './media-types';

const sniff = (bytes: Buffer, declared?: string) =>
  sniffMediaType(Readable.from([bytes], { objectMode: false }), bytes, declared);

describe('sniffMediaType', () => {
  it('should know a PDF by its bytes, whatever it is declared as', async () => {
    expect(await sniff(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), 'text/plain')).toBe('application/pdf');
  });

  it('should refuse an image declared as a PDF, and binary bytes', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    expect(await sniff(png, 'application/pdf')).toBeUndefined();
    expect(await sniff(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x41]))).toBeUndefined();
    expect(await sniff(Buffer.from([0xc3, 0x28, 0x41]))).toBeUndefined();
  });

  it('should take a declared text type when the bytes are text, and tell text kinds apart by shape otherwise', async () => {
    expect(await sniff(Buffer.from('a,b\n1,2\n'), 'text/markdown')).toBe('text/markdown');
    expect(textShape('<!DOCTYPE html><html><body>x</body></html>')).toBe('text/html');
    expect(textShape('{"a": [1, 2]}')).toBe('application/json');
    expect(textShape('Intro\n\n## Heading\n\ntext')).toBe('text/markdown');
    expect(textShape('name,plan\nAda,Pro\nBob,Free\n')).toBe('text/csv');
    expect(textShape('Just some words, and a comma.')).toBe('text/plain');
    expect(textShape('{ not json')).toBe('text/plain');
  });

  it('should accept a head cut in the middle of a UTF-8 character', () => {
    // 'a' then two-byte characters: the 64 KiB head ends after the first byte of one.
    const text = Buffer.from('a' + 'é'.repeat(40_000));
    expect(decodeUtf8Head(text.subarray(0, 64 * 1024))).toEqual(expect.any(String));
    // A shorter file is whole: a cut character at its end is an invalid file.
    expect(decodeUtf8Head(text.subarray(0, 1001))).toEqual(expect.any(String));
    expect(decodeUtf8Head(text.subarray(0, 1002))).toBeUndefined();
  });
});
