import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMasterKey } from './master-key';
import { SecretBox } from './secret-box';

describe('loadMasterKey', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'keel-master-key-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('should use the configured key and write no file', () => {
    const key = SecretBox.generateKey();
    const file = join(folder, 'master.key');
    const sealed = new SecretBox(Buffer.from(key, 'base64url')).seal('secret');
    expect(loadMasterKey({ key, file }).openText(sealed)).toBe('secret');
    expect(() => statSync(file)).toThrow();
  });

  it('should create an owner-only key file once and read the same key afterwards', () => {
    const file = join(folder, 'nested', 'master.key');
    const told: boolean[] = [];
    const first = loadMasterKey({ file, onDevelopmentKey: (_file, created) => told.push(created) });
    const second = loadMasterKey({ file, onDevelopmentKey: (_file, created) => told.push(created) });
    expect(second.openText(first.seal('kept across restarts'))).toBe('kept across restarts');
    expect(told).toEqual([true, false]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
