/**
 * The one script of the mail pages, inlined in each and allowed by its hash
 * (MAIL_PAGE_CSP): it reads the token from the link, drops it from the
 * address bar and history, and sends each form as JSON to the API route in
 * its `action` — Keel takes JSON only, which a plain HTML form cannot send.
 *
 * A form with `data-session` first signs in (or up) with its fields and
 * calls its action as that person, then signs out again: accepting an invite
 * needs the invited person, not a session left behind in a page. An account
 * with MFA answers the sign-in with 202 and an mfaToken: the page asks for the
 * authenticator code (or a recovery code) and completes it.
 */
export const MAIL_PAGE_SCRIPT = `
(() => {
  const token = new URLSearchParams(location.search).get('token') || '';
  history.replaceState(null, '', location.pathname);
  const status = document.getElementById('status');
  const forms = Array.from(document.querySelectorAll('form'));
  const show = (message, outcome) => {
    status.textContent = message;
    status.className = outcome;
  };
  const problemText = (problem, httpStatus) => {
    if (!problem || typeof problem !== 'object') return 'Keel answered ' + httpStatus + '.';
    const fields = Array.isArray(problem.errors) ? problem.errors.map((error) => error.message) : [];
    return [problem.detail || problem.title || 'Keel answered ' + httpStatus + '.'].concat(fields).join(' ');
  };
  const call = async (path, body, accessToken) => {
    const headers = { 'content-type': 'application/json', accept: 'application/json, application/problem+json' };
    if (accessToken) headers.authorization = 'Bearer ' + accessToken;
    const response = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
    const text = await response.text();
    let answer = null;
    try {
      answer = text ? JSON.parse(text) : null;
    } catch (error) {
      answer = null;
    }
    if (!response.ok) throw new Error(problemText(answer, response.status));
    return answer;
  };
  const fieldsOf = (form) => {
    const fields = {};
    for (const [name, value] of new FormData(form)) fields[name] = String(value);
    return fields;
  };
  const workspaceName = async (workspaceId, accessToken) => {
    try {
      return (await call('/v1/workspaces/' + encodeURIComponent(workspaceId), undefined, accessToken)).name;
    } catch (error) {
      return 'the workspace';
    }
  };
  const submit = async (form) => {
    const fields = fieldsOf(form);
    const confirm = form.dataset.confirm ? document.getElementById(form.dataset.confirm) : null;
    if (confirm && confirm.value !== fields.password) throw new Error('The two passwords differ.');
    if (!form.dataset.session) {
      await call(form.getAttribute('action'), Object.assign({ token }, fields));
      return form.dataset.done;
    }
    let session = await call(form.dataset.session, fields);
    if (session && session.mfaRequired) {
      const answer = (window.prompt('Enter the code of your authenticator app, or a recovery code.') || '').trim();
      if (!answer) throw new Error('Sign-in needs the code of your authenticator app.');
      const proof = /^[0-9]{6}$/.test(answer) ? { code: answer } : { recoveryCode: answer };
      session = await call('/v1/auth/mfa/verify', Object.assign({ mfaToken: session.mfaToken }, proof));
    }
    try {
      const accepted = await call(form.getAttribute('action'), { token }, session.accessToken);
      const name = await workspaceName(accepted.workspaceId, session.accessToken);
      return 'You joined ' + name + ' as ' + accepted.role + '. ' + form.dataset.done;
    } finally {
      await call('/v1/auth/logout', {}, session.accessToken).catch(() => undefined);
    }
  };
  if (!token) {
    show('This link has no token: open the link from the mail again, whole.', 'error');
    for (const form of forms) form.hidden = true;
    return;
  }
  for (const form of forms) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const buttons = Array.from(document.querySelectorAll('button'));
      for (const button of buttons) button.disabled = true;
      show('Working…', 'pending');
      try {
        const done = await submit(form);
        for (const each of forms) each.hidden = true;
        show(done, 'ok');
      } catch (error) {
        show(error instanceof Error ? error.message : String(error), 'error');
      } finally {
        for (const button of buttons) button.disabled = false;
      }
    });
  }
})();
`;
