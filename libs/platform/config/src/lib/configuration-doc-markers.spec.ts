import { CONFIG_TABLE_END, CONFIG_TABLE_START, configTableIn, withConfigTable } from './configuration-doc-markers';

const document = [
  '# Configuration',
  '',
  'Intro written by hand.',
  '',
  CONFIG_TABLE_START,
  '',
  '| variable |',
  '| --- |',
  '| `OLD` |',
  '',
  CONFIG_TABLE_END,
  '',
  'Notes written by hand.',
  '',
].join('\n');

describe('the configuration table between markers', () => {
  it('should read the table without the blank lines around it', () => {
    expect(configTableIn(document)).toBe('| variable |\n| --- |\n| `OLD` |');
  });

  it('should replace only the table and keep the hand-written text', () => {
    const rewritten = withConfigTable(document, '| variable |\n| --- |\n| `NEW` |');

    expect(configTableIn(rewritten)).toBe('| variable |\n| --- |\n| `NEW` |');
    expect(rewritten.startsWith('# Configuration\n\nIntro written by hand.\n\n')).toBe(true);
    expect(rewritten.endsWith(`${CONFIG_TABLE_END}\n\nNotes written by hand.\n`)).toBe(true);
  });

  it('should change nothing when the table is already current', () => {
    expect(withConfigTable(document, configTableIn(document))).toBe(document);
  });

  it('should fill a table between markers that have nothing between them', () => {
    const empty = `intro\n${CONFIG_TABLE_START}\n${CONFIG_TABLE_END}\n`;

    expect(withConfigTable(empty, '| a |')).toBe(`intro\n${CONFIG_TABLE_START}\n\n| a |\n\n${CONFIG_TABLE_END}\n`);
  });

  it('should refuse a document without both markers', () => {
    expect(() => configTableIn('# Configuration\n')).toThrow(/config-table:start/);
    expect(() => withConfigTable(`${CONFIG_TABLE_END}\n${CONFIG_TABLE_START}\n`, '| a |')).toThrow(/config-table:end/);
  });
});
