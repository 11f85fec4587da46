import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMasterKeys, loadMasterKey } from './master-key';
import { MasterKeyError } from './master-key-error';
import { SecretBox } from './secret-box';

function refusal(load: () => unknown): MasterKeyError {
  try {
    load();
  } catch (error) {
    if (error instanceof MasterKeyError) return error;
    throw error;
  }
  throw new Error('The keys were accepted.');
}

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

  it('should seal under the configured key and open with the previous ones too', () => {
    const previous = [SecretBox.generateKey(), SecretBox.generateKey()];
    const key = SecretBox.generateKey();
    const box = loadMasterKey({ key, previous, file: join(folder, 'master.key') });

    expect(box.keyId).toBe(SecretBox.fromBase64(key).keyId);
    for (const earlier of previous) {
      expect(box.openText(SecretBox.fromBase64(earlier).seal('earlier'))).toBe('earlier');
    }
  });

  it('should accept previous keys beside a development key file', () => {
    const previous = SecretBox.generateKey();
    const box = loadMasterKey({ previous: [previous], file: join(folder, 'master.key') });

    expect(box.openText(SecretBox.fromBase64(previous).seal('earlier'))).toBe('earlier');
  });

  it('should ignore a previous key equal to the current one', () => {
    const key = SecretBox.generateKey();
    const box = loadMasterKey({ key, previous: [key], file: join(folder, 'master.key') });

    expect(box.keyId).toBe(SecretBox.fromBase64(key).keyId);
    expect(box.needsRotation(box.seal('secret'))).toBe(false);
  });

  it('should name the setting and the position of a malformed previous key, never the key', () => {
    const short = Buffer.alloc(31, 7).toString('base64');
    const error = refusal(() =>
      loadMasterKey({
        key: SecretBox.generateKey(),
        previous: [SecretBox.generateKey(), short],
        file: join(folder, 'master.key'),
      }),
    );

    expect(error.setting).toBe('KEEL_MASTER_KEYS_PREVIOUS');
    expect(error.message).toMatch(/^key 2 of 2: .*exactly 32 bytes \(got 31\)/);
    expect(error.message).not.toContain(short);
  });

  it('should name KEEL_MASTER_KEY when the configured key is malformed', () => {
    const error = refusal(() => loadMasterKey({ key: 'AAAA+AAAA_AAAA', file: join(folder, 'master.key') }));

    expect(error.setting).toBe('KEEL_MASTER_KEY');
    expect(error.message).toMatch(/base64/);
  });

  it('should name KEEL_MASTER_KEY_FILE when the development key file holds no key', () => {
    const file = join(folder, 'master.key');
    writeFileSync(file, 'not a key\n');
    const error = refusal(() => loadMasterKey({ file }));

    expect(error.setting).toBe('KEEL_MASTER_KEY_FILE');
    expect(error.message).toContain(file);
  });
});

describe('checkMasterKeys', () => {
  it('should accept well-formed keys and no keys at all', () => {
    expect(() => checkMasterKeys({ key: SecretBox.generateKey(), previous: [SecretBox.generateKey()] })).not.toThrow();
    expect(() => checkMasterKeys({})).not.toThrow();
  });

  it('should name the setting of the first malformed key', () => {
    const mixedAlphabets = 'AAAA+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_AA';

    expect(refusal(() => checkMasterKeys({ key: mixedAlphabets })).setting).toBe('KEEL_MASTER_KEY');
    expect(refusal(() => checkMasterKeys({ previous: [mixedAlphabets] })).setting).toBe('KEEL_MASTER_KEYS_PREVIOUS');
  });
});
