/**
 * The conversions from an environment string to a declared type, shared by
 * every config class so `PORT=3000` and `INVITE_TTL_DAYS=7` read alike. A value
 * that does not convert is passed on as it is, for the validators to refuse.
 */

/** Digits with an optional leading `-`, spaces around ignored: `3000.5`, `1e3` and `eighty` stay strings. */
export const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** `true`, `1`, `yes`, `on` or `false`, `0`, `no`, `off`, in any case. */
export const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
  if (['false', '0', 'no', 'off'].includes(normalized)) return false;
  return value;
};

/** Comma-separated; spaces around items and empty items are dropped. */
export const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : value;
