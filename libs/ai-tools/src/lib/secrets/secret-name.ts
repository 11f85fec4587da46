/** How a secret is named: like an environment variable (`GITHUB_TOKEN`), so `{{secrets.NAME}}` reads plainly. */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/**
 * A secret's value is at least this long: every occurrence of a value in a
 * tool's result is replaced by `[secret:NAME]`, which a value of a few
 * characters would do to ordinary text.
 */
export const SECRET_VALUE_MIN_LENGTH = 8;
export const SECRET_VALUE_MAX_LENGTH = 8192;
