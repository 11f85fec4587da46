/**
 * A Content-Disposition that cannot be turned against the client: always an
 * attachment (an uploaded HTML file is never rendered inline from our
 * origin), a plain ASCII `filename` with quotes, backslashes and control
 * characters replaced, and the exact name in RFC 5987's `filename*`.
 */
export function attachmentDisposition(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, '').trim() || 'document';
  const ascii = cleaned.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(cleaned).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
