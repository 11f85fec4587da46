import { createHash } from 'node:crypto';
import { MAIL_PAGE_SCRIPT } from './mail-pages.script';

const MAIL_PAGE_STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2230; }
main { max-width: 28rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.1); }
h1 { font-size: 1.4rem; margin-top: 0; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
input { box-sizing: border-box; width: 100%; padding: .5rem; font: inherit; border: 1px solid #b8bfcc; border-radius: 4px; }
button { margin-top: 1rem; padding: .5rem 1rem; font: inherit; color: #fff; background: #2f5bd3; border: 0; border-radius: 4px; cursor: pointer; }
button:disabled { opacity: .6; cursor: wait; }
.ok { color: #17702f; } .error { color: #b3261e; } .pending { color: #555; }
`;

function sha256Source(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/**
 * The pages' own Content-Security-Policy, in place of the API's: their one
 * inline script and style by hash, calls to this origin only, nothing else
 * loaded, no framing. No `upgrade-insecure-requests`, so the pages also work
 * over plain http at a non-loopback address (a development machine's LAN address).
 */
export const MAIL_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256Source(MAIL_PAGE_SCRIPT)}`,
  `style-src ${sha256Source(MAIL_PAGE_STYLE)}`,
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface MailPage {
  title: string;
  /** Trusted markup (ours): the explanation and the forms. */
  body: string;
}

/** A whole page: the markup, its style, the shared script; no framework and nothing loaded from elsewhere. */
export function renderMailPage(page: MailPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${page.title} · Keel</title>
<style>${MAIL_PAGE_STYLE}</style>
</head>
<body>
<main>
<h1>${page.title}</h1>
<noscript><p class="error">This page needs JavaScript: it sends the form to Keel's API as JSON.</p></noscript>
${page.body}
<p id="status" role="status" aria-live="polite"></p>
</main>
<script>${MAIL_PAGE_SCRIPT}</script>
</body>
</html>
`;
}

export const VERIFY_EMAIL_PAGE = renderMailPage({
  title: 'Verify your email address',
  body: `<p>Confirm that this address is yours.</p>
<form method="post" action="/v1/auth/email/verify" data-done="Your email address is verified. You can close this page.">
<button type="submit">Verify my address</button>
</form>`,
});

export const RESET_PASSWORD_PAGE = renderMailPage({
  title: 'Choose a new password',
  body: `<p>Every session of the account is signed out when the password changes.</p>
<form method="post" action="/v1/auth/password/reset" data-confirm="confirm-password" data-done="Your password is changed. Sign in with the new one.">
<label for="password">New password</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required>
<label for="confirm-password">The same again</label>
<input id="confirm-password" type="password" autocomplete="new-password" required>
<button type="submit">Set the password</button>
</form>`,
});

export const ACCEPT_INVITE_PAGE = renderMailPage({
  title: 'Join a workspace',
  body: `<p>Sign in with the address the invite was sent to, or create an account with it.</p>
<form id="sign-in" method="post" action="/v1/invites/accept" data-session="/v1/auth/login" data-done="Sign in to start.">
<h2>I have an account</h2>
<label for="sign-in-email">Email</label>
<input id="sign-in-email" name="email" type="email" autocomplete="username" required>
<label for="sign-in-password">Password</label>
<input id="sign-in-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in and join</button>
</form>
<form id="sign-up" method="post" action="/v1/invites/accept" data-session="/v1/auth/signup" data-done="Sign in to start; a mail asks you to verify your address.">
<h2>I am new here</h2>
<label for="sign-up-name">Name</label>
<input id="sign-up-name" name="name" type="text" autocomplete="name" required>
<label for="sign-up-email">Email</label>
<input id="sign-up-email" name="email" type="email" autocomplete="username" required>
<label for="sign-up-password">Password</label>
<input id="sign-up-password" name="password" type="password" autocomplete="new-password" minlength="10" required>
<button type="submit">Create my account and join</button>
</form>`,
});
