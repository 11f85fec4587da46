import { EvidenceUnparseable } from './evidence-unparseable';
import { lineAt, lineIn, lineStarts, numberAttribute, percent, readText } from './read-text';

describe('read-text', () => {
  it('should find the same line by scanning and by binary search', () => {
    const text = 'a\nbb\n\nccc\r\nd';
    const starts = lineStarts(text);
    for (let offset = 0; offset < text.length; offset++) expect(lineIn(starts, offset)).toBe(lineAt(text, offset));
    expect(lineIn(starts, text.length - 1)).toBe(5);
  });

  it('should read numbers as reports write them, and refuse the rest', () => {
    expect(numberAttribute('0.35', 'time')).toBe(0.35);
    expect(numberAttribute('1,234.5', 'time')).toBe(1234.5);
    expect(numberAttribute('  ', 'time')).toBeUndefined();
    expect(numberAttribute(undefined, 'time')).toBeUndefined();
    expect(() => numberAttribute('12s', 'time', () => 3)).toThrow(new EvidenceUnparseable('time is not a number', 3));
    expect(() => numberAttribute('1e999', 'time')).toThrow(/not a number/);
  });

  it('should round percentages to two decimals within 0–100', () => {
    expect(percent(2, 3)).toBe(66.67);
    expect(percent(1, 8)).toBe(12.5);
    expect(percent(11, 10)).toBe(100);
  });

  it('should strip a UTF-8 byte order mark', () => {
    expect(readText(Buffer.from('\ufeff<a/>'))).toBe('<a/>');
  });
});
