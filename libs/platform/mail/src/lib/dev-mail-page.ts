import { createHash } from 'node:crypto';
import type { KeptMail } from './dev-mailbox';

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2230; }
article { border: 1px solid #d5d9e0; border-radius: 6px; margin: 1rem 0; padding: .75rem 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 .5rem; }
dt { color: #666; } dd { margin: 0; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f7f9; padding: .75rem; border-radius: 4px; margin: 0; }
`;

/** The viewer's CSP: its one style by hash, no script, nothing loaded, no framing. */
export const DEV_MAIL_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The text, escaped, with every http(s) link made one to follow (without a Referer). */
function linkedText(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>"']+)/g)
    .map((part, index) =>
      index % 2 === 1
        ? `<a href="${escapeHtml(part)}" rel="noreferrer noopener">${escapeHtml(part)}</a>`
        : escapeHtml(part),
    )
    .join('');
}

function renderMail(mail: KeptMail): string {
  return `<article>
<dl><dt>Sent</dt><dd><time datetime="${mail.sentAt}">${mail.sentAt}</time></dd>
<dt>From</dt><dd>${escapeHtml(mail.from)}</dd>
<dt>To</dt><dd>${escapeHtml(mail.to)}</dd>
<dt>Subject</dt><dd><strong>${escapeHtml(mail.subject)}</strong></dd></dl>
<pre>${linkedText(mail.text)}</pre>
</article>`;
}

/** /dev/mail: every kept mail, newest first, its plain text with links to follow. */
export function renderDevMailPage(mails: KeptMail[]): string {
  const list = mails.length
    ? mails.map(renderMail).join('\n')
    : '<p>No mail yet. Mails this process sends appear here (reload the page).</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>Mail · Keel development</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Mail</h1>
<p>The last ${mails.length} mail(s) this Keel process logged instead of sending (no SMTP_URL), newest first; also as JSON at <a href="/dev/mail.json">/dev/mail.json</a>.</p>
${list}
</body>
</html>
`;
}
