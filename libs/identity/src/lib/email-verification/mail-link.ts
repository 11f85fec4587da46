/** A link into the web client carrying a mailed token: `<APP_URL>/<page>?token=<token>`, whether or not APP_URL ends in a slash. */
export function mailLink(appUrl: string, page: string, token: string): string {
  return `${appUrl.replace(/\/+$/, '')}/${page}?token=${encodeURIComponent(token)}`;
}
