// A name of its own (not common-passwords.json), so Node's resolution of './common-passwords' never picks the data over this module.
// JSON, not a text file read from disk: it is bundled with the app by webpack and read by jest alike.
import list from './common-password-list.json';

let loaded: ReadonlySet<string> | undefined;

/**
 * The common-password list (see the file's `notice` for its source and licence),
 * lower-cased, built on first use and kept: about 10,000 short strings.
 */
export function commonPasswords(): ReadonlySet<string> {
  loaded ??= new Set(list.passwords.map((password) => password.toLowerCase()));
  return loaded;
}
