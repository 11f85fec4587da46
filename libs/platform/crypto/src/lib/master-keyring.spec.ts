import { randomBytes } from 'node:crypto';
import { masterKeyId } from './master-key-id';
import { MasterKeyring } from './master-keyring';

describe('MasterKeyring', () => {
  it('should hold the current key first, then the previous ones, each under its id', () => {
    const [current, previous, older] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const keyring = new MasterKeyring(current, [previous, older]);

    expect(keyring.current.id).toBe(masterKeyId(current));
    expect(keyring.keys.map((key) => key.id)).toEqual([current, previous, older].map(masterKeyId));
    expect(keyring.find(masterKeyId(older))?.key.equals(older)).toBe(true);
    expect(keyring.find(masterKeyId(randomBytes(32)))).toBeUndefined();
  });

  it('should drop previous keys equal to the current one or to each other', () => {
    const [current, previous] = [randomBytes(32), randomBytes(32)];
    const keyring = new MasterKeyring(current, [Buffer.from(current), previous, Buffer.from(previous)]);

    expect(keyring.keys.map((key) => key.id)).toEqual([masterKeyId(current), masterKeyId(previous)]);
  });
});
