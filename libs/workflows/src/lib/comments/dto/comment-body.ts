/** Comments are Markdown of at most this many characters. */
export const COMMENT_MAX_LENGTH = 10_000;
