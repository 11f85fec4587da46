/**
 * The platform admins' console: one page, served by the API at /admin,
 * calling the API's own routes (`/v1/auth/*` to sign in, `/v1/admin/*` for
 * the rest) with the types of the generated SDK. No framework: each view
 * builds its elements with `h()` (text is always set as text, never parsed
 * as HTML), forms are real forms with labels, and every outcome is told in
 * the `status` live region.
 */
import type { components } from '@keel/sdk';

type Schema<K extends keyof components['schemas']> = components['schemas'][K];
type Problem = { title?: string; detail?: string; code?: string; errors?: { message: string }[] };

const SESSION_KEY = 'keel-admin-console';

interface Credentials {
  accessToken: string;
  refreshToken: string;
  email: string;
}

// ---- the session -----------------------------------------------------------

let credentials: Credentials | null = readCredentials();

function readCredentials(): Credentials | null {
  try {
    const stored = sessionStorage.getItem(SESSION_KEY);
    return stored ? (JSON.parse(stored) as Credentials) : null;
  } catch {
    return null;
  }
}

function keep(next: Credentials | null): void {
  credentials = next;
  if (next) sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
  else sessionStorage.removeItem(SESSION_KEY);
}

// ---- talking to the API ----------------------------------------------------

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(describeProblem(status, problem));
  }
}

function describeProblem(status: number, problem: Problem | null): string {
  if (!problem) return `Keel answered ${status}.`;
  const fields = (problem.errors ?? []).map((error) => error.message);
  return (
    [`${problem.detail ?? problem.title ?? `Keel answered ${status}.`}`, ...fields].join(' ') +
    (problem.code ? ` (${problem.code})` : '')
  );
}

async function send(method: string, path: string, body?: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['authorization'] = `Bearer ${token}`;
  return fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
}

async function parsed<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, body as Problem | null);
  return body as T;
}

/** One call as the signed-in admin; an expired access token is refreshed once. */
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  if (!credentials) throw new ApiError(401, { detail: 'Sign in first.' });
  let response = await send(method, path, body, credentials.accessToken);
  if (response.status === 401 && credentials.refreshToken) {
    const refreshed = await send('POST', '/v1/auth/refresh', { refreshToken: credentials.refreshToken });
    if (refreshed.ok) {
      const pair = (await refreshed.json()) as Schema<'TokenPairResponse'>;
      keep({ ...credentials, accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      response = await send(method, path, body, credentials.accessToken);
    }
  }
  if (response.status === 401) {
    keep(null);
    route();
  }
  return parsed<T>(response);
}

// ---- building the page -----------------------------------------------------

type Child = Node | string | number | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | ((event: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false) element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : String(child));
  }
  return element;
}

const view = document.getElementById('view') as HTMLElement;
const statusLine = document.getElementById('status') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;

function tell(message: string, outcome: 'ok' | 'error' = 'ok'): void {
  statusLine.textContent = message;
  statusLine.className = outcome;
}

function show(title: string, ...content: Child[]): void {
  document.title = `${title} · Keel admin console`;
  const nodes = content
    .filter((child) => child !== null && child !== undefined && child !== false)
    .map((child) => (typeof child === 'object' ? child : String(child)));
  view.replaceChildren(h('h2', {}, title), ...nodes);
}

/** A form whose submit runs `action` with its fields, telling the outcome; errors never leave the page blank. */
function form(
  attributes: Record<string, string>,
  action: (fields: FormData) => Promise<void>,
  ...children: Child[]
): HTMLFormElement {
  const element = h('form', attributes, ...children);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    action(new FormData(element)).catch(fail);
  });
  return element;
}

function field(label: string, name: string, attributes: Record<string, string | boolean> = {}): HTMLLabelElement {
  return h('label', {}, label, h('input', { name, ...attributes }));
}

function choice(label: string, name: string, options: string[]): HTMLLabelElement {
  return h(
    'label',
    {},
    label,
    h('select', { name }, ...options.map((option) => h('option', { value: option }, option || 'any'))),
  );
}

function table(headings: string[], rows: Child[][]): HTMLElement {
  if (rows.length === 0) return h('p', {}, 'Nothing found.');
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...headings.map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell))))),
  );
}

function when(time: string | null | undefined): string {
  return time ? new Date(time).toLocaleString() : '—';
}

function text(fields: FormData, name: string): string {
  const value = fields.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

function query(values: Record<string, string>): string {
  const search = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== ''));
  const rendered = search.toString();
  return rendered ? `?${rendered}` : '';
}

function fail(error: unknown): void {
  tell(error instanceof Error ? error.message : String(error), 'error');
}

// ---- views -----------------------------------------------------------------

function signInView(): void {
  nav.hidden = true;
  let mfaToken = '';
  const codeField = field('Authenticator or recovery code', 'code', { autocomplete: 'one-time-code' });
  codeField.hidden = true;
  show(
    'Sign in',
    h('p', {}, 'For platform admins. Sign in with your Keel account.'),
    form(
      { class: 'stacked', id: 'sign-in' },
      async (fields) => {
        const email = text(fields, 'email');
        let response: Response;
        if (mfaToken) {
          const code = text(fields, 'code');
          response = await send(
            'POST',
            '/v1/auth/mfa/verify',
            /^\d{6}$/.test(code) ? { mfaToken, code } : { mfaToken, recoveryCode: code },
          );
        } else {
          response = await send('POST', '/v1/auth/login', { email, password: fields.get('password') });
        }
        if (response.status === 202) {
          mfaToken = (await parsed<Schema<'MfaChallengeResponse'>>(response)).mfaToken;
          codeField.hidden = false;
          tell('Enter the code from your authenticator app.');
          return;
        }
        const pair = await parsed<Schema<'TokenPairResponse'>>(response);
        keep({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, email: pair.user.email });
        try {
          await api('GET', '/v1/admin/overview');
        } catch (error) {
          await send('POST', '/v1/auth/logout', undefined, pair.accessToken);
          keep(null);
          throw error;
        }
        tell(`Signed in as ${pair.user.email}.`);
        location.hash = '#/overview';
        route();
      },
      field('Email', 'email', { type: 'email', autocomplete: 'username', required: true }),
      field('Password', 'password', { type: 'password', autocomplete: 'current-password', required: true }),
      codeField,
      h('button', { type: 'submit' }, 'Sign in'),
    ),
  );
}

function figureValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(
      ([key, inner]) => `${key}: ${typeof inner === 'object' && inner !== null ? figureValue(inner) : String(inner)}`,
    )
    .join(', ');
}

const FIGURE_LABELS: Record<string, string> = {
  workspaces: 'Workspaces',
  users: 'Users',
  activeSessions: 'Active sessions',
  events24h: 'Events (24 h)',
  jobRuns24h: 'Job runs (24 h)',
  deadLetters: 'Dead letters',
  webhookEndpoints: 'Webhook endpoints',
  outboxLagSeconds: 'Outbox lag (s)',
  storedBytes: 'Stored bytes',
};

async function overviewView(): Promise<void> {
  const render = (overview: Schema<'AdminOverviewResponse'>) =>
    show(
      'Overview',
      h(
        'dl',
        { class: 'figures', id: 'figures' },
        ...Object.entries(overview).map(([key, figure]) => {
          const { value, computedAt } = figure as { value: unknown; computedAt: string | null };
          return h(
            'div',
            {},
            h('dt', {}, FIGURE_LABELS[key] ?? key),
            h(
              'dd',
              {},
              figureValue(value),
              h('small', {}, computedAt ? `computed ${when(computedAt)}` : 'not computed yet'),
            ),
          );
        }),
      ),
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            api<Schema<'AdminOverviewResponse'>>('POST', '/v1/admin/overview/refresh')
              .then((fresh) => {
                render(fresh);
                tell('Overview recomputed.');
              })
              .catch(fail);
          },
        },
        'Recompute now',
      ),
    );
  render(await api<Schema<'AdminOverviewResponse'>>('GET', '/v1/admin/overview'));
}

async function workspacesView(search: URLSearchParams): Promise<void> {
  const filters = { q: search.get('q') ?? '', status: search.get('status') ?? '', plan: search.get('plan') ?? '' };
  const page = await api<Schema<'AdminWorkspaceListResponse'>>('GET', `/v1/admin/workspaces${query(filters)}`);
  show(
    'Workspaces',
    form(
      { role: 'search', id: 'workspace-search' },
      async (fields) => {
        location.hash = `#/workspaces${query({ q: text(fields, 'q'), status: text(fields, 'status'), plan: text(fields, 'plan') })}`;
      },
      field('Name, slug or id', 'q', { type: 'search', value: filters.q }),
      choice('Status', 'status', ['', 'active', 'suspended', 'pending_deletion']),
      field('Plan', 'plan', { value: filters.plan }),
      h('button', { type: 'submit' }, 'Search'),
    ),
    table(
      ['Workspace', 'Status', 'Plan', 'Members', 'Projects', 'Documents', 'Created', 'Last active'],
      page.data.map((workspace) => [
        h('a', { href: `#/workspaces/${workspace.id}` }, `${workspace.name} (${workspace.slug})`),
        workspace.status,
        workspace.plan ?? '—',
        workspace.counts.members,
        workspace.counts.projects,
        workspace.counts.documents ?? '—',
        when(workspace.createdAt),
        when(workspace.lastActiveAt),
      ]),
    ),
  );
  const status = view.querySelector<HTMLSelectElement>('select[name=status]');
  if (status) status.value = filters.status;
}

async function workspaceView(workspaceId: string): Promise<void> {
  const workspace = await api<Schema<'AdminWorkspaceDetailResponse'>>('GET', `/v1/admin/workspaces/${workspaceId}`);
  const act = (verb: 'suspend' | 'restore') =>
    form(
      { class: 'stacked', id: `workspace-${verb}` },
      async (fields) => {
        const reason = text(fields, 'reason');
        await api('POST', `/v1/admin/workspaces/${workspaceId}/${verb}`, reason ? { reason } : {});
        await workspaceView(workspaceId);
        tell(verb === 'suspend' ? `${workspace.name} is suspended.` : `${workspace.name} is restored.`);
      },
      h(
        'label',
        {},
        verb === 'suspend' ? 'Reason for suspending (required)' : 'Reason for restoring (optional)',
        h('textarea', { name: 'reason', rows: '2', ...(verb === 'suspend' ? { required: true } : {}) }),
      ),
      h('button', { type: 'submit' }, verb === 'suspend' ? 'Suspend workspace' : 'Restore workspace'),
    );
  show(
    workspace.name,
    h(
      'dl',
      { class: 'figures' },
      ...(
        [
          ['Status', workspace.status],
          ['Slug', workspace.slug],
          ['Plan', workspace.plan ?? '—'],
          ['Members', String(workspace.counts.members)],
          ['Projects', String(workspace.counts.projects)],
          ['Owners', workspace.owners.map((owner) => owner.email).join(', ')],
          ['Suspended', when(workspace.suspendedAt)],
          ['Deletion due', when(workspace.deletionDueAt)],
          ['Reason on hold', workspace.holdReason ?? '—'],
        ] as const
      ).map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', { 'data-field': label }, value))),
    ),
    workspace.status === 'active' ? act('suspend') : act('restore'),
    h('p', {}, h('a', { href: '#/workspaces' }, 'Back to the workspaces')),
  );
}

async function usersView(search: URLSearchParams): Promise<void> {
  const q = search.get('q') ?? '';
  const page = await api<Schema<'AdminUserListResponse'>>('GET', `/v1/admin/users${query({ q })}`);
  const action = (userId: string, verb: 'disable' | 'enable' | 'sign-out', label: string) =>
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          api('POST', `/v1/admin/users/${userId}/${verb}`)
            .then(() => usersView(search))
            .then(() => tell(`${label}: done.`))
            .catch(fail);
        },
      },
      label,
    );
  show(
    'Users',
    form(
      { role: 'search', id: 'user-search' },
      async (fields) => {
        location.hash = `#/users${query({ q: text(fields, 'q') })}`;
      },
      field('Email, name or id', 'q', { type: 'search', value: q }),
      h('button', { type: 'submit' }, 'Search'),
    ),
    table(
      ['Email', 'Name', 'Workspaces', 'Last sign-in', 'State', 'Actions'],
      page.data.map((user) => [
        user.email,
        user.name,
        user.workspaces,
        when(user.lastSignInAt),
        user.platformAdmin ? 'platform admin' : user.disabledAt ? `disabled ${when(user.disabledAt)}` : 'active',
        h(
          'span',
          {},
          user.disabledAt
            ? action(user.id, 'enable', `Enable ${user.email}`)
            : action(user.id, 'disable', `Disable ${user.email}`),
          ' ',
          action(user.id, 'sign-out', `Sign out ${user.email} everywhere`),
        ),
      ]),
    ),
  );
}

async function jobsView(search: URLSearchParams): Promise<void> {
  const filters = {
    status: search.get('status') ?? '',
    type: search.get('type') ?? '',
    workspaceId: search.get('workspaceId') ?? '',
  };
  const page = await api<Schema<'AdminJobListResponse'>>('GET', `/v1/admin/jobs${query(filters)}`);
  const action = (jobId: string, verb: 'cancel' | 'retry') =>
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          api('POST', `/v1/admin/jobs/${jobId}/${verb}`)
            .then(() => jobsView(search))
            .then(() => tell(verb === 'cancel' ? 'Cancellation asked.' : 'Retry queued.'))
            .catch(fail);
        },
      },
      verb === 'cancel' ? 'Cancel' : 'Retry',
    );
  show(
    'Jobs',
    form(
      { role: 'search', id: 'job-filter' },
      async (fields) => {
        location.hash = `#/jobs${query({ status: text(fields, 'status'), type: text(fields, 'type'), workspaceId: text(fields, 'workspaceId') })}`;
      },
      choice('Status', 'status', ['', 'queued', 'running', 'succeeded', 'failed', 'cancelled']),
      field('Type', 'type', { value: filters.type }),
      field('Workspace id', 'workspaceId', { value: filters.workspaceId }),
      h('button', { type: 'submit' }, 'Filter'),
    ),
    table(
      ['Type', 'Status', 'Workspace', 'Attempts', 'Created', 'Last error', 'Actions'],
      page.data.map((job) => [
        job.type,
        job.status,
        h('a', { href: `#/workspaces/${job.workspaceId}` }, job.workspaceId),
        `${job.attempts}/${job.maxAttempts}`,
        when(job.createdAt),
        job.lastError ?? '—',
        job.status === 'failed'
          ? action(job.id, 'retry')
          : job.status === 'queued' || job.status === 'running'
            ? action(job.id, 'cancel')
            : '—',
      ]),
    ),
  );
  const status = view.querySelector<HTMLSelectElement>('select[name=status]');
  if (status) status.value = filters.status;
}

async function auditView(search: URLSearchParams): Promise<void> {
  const filters = { action: search.get('action') ?? '', targetId: search.get('targetId') ?? '' };
  const page = await api<Schema<'PlatformAuditEventListResponse'>>('GET', `/v1/admin/audit-events${query(filters)}`);
  show(
    'Audit log',
    form(
      { role: 'search', id: 'audit-filter' },
      async (fields) => {
        location.hash = `#/audit${query({ action: text(fields, 'action'), targetId: text(fields, 'targetId') })}`;
      },
      field('Action', 'action', { value: filters.action }),
      field('Target id', 'targetId', { value: filters.targetId }),
      h('button', { type: 'submit' }, 'Filter'),
    ),
    table(
      ['When', 'Action', 'Actor', 'Target', 'Reason', 'Status', 'Client'],
      page.data.map((event) => [
        when(event.occurredAt),
        event.action,
        event.actor ? `${event.actor.type}:${event.actor.id}` : '—',
        event.target ? `${event.target.type}:${event.target.id}` : '—',
        event.reason ?? '—',
        String((event.data as Record<string, unknown>)['status'] ?? '—'),
        event.clientAddress ?? '—',
      ]),
    ),
  );
}

function impersonateView(search: URLSearchParams): void {
  const result = h('div', { id: 'impersonation' });
  show(
    'Impersonate',
    h(
      'p',
      {},
      'Act as a user for a while. The reason is kept in the audit log, the user sees that it happened, and every request is audited.',
    ),
    form(
      { class: 'stacked', id: 'impersonate' },
      async (fields) => {
        const started = await api<Schema<'StartedImpersonationResponse'>>('POST', '/v1/admin/impersonations', {
          userId: text(fields, 'userId'),
          reason: text(fields, 'reason'),
          minutes: Number(text(fields, 'minutes') || '15'),
        });
        tell(`Impersonation started; it ends ${when(started.expiresAt)}.`);
        result.replaceChildren(
          h('p', {}, 'Access token (send it as Authorization: Bearer …):'),
          h('code', { class: 'token' }, started.accessToken),
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                api('DELETE', `/v1/admin/impersonations/${started.id}`)
                  .then(() => {
                    result.replaceChildren();
                    tell('Impersonation ended.');
                  })
                  .catch(fail);
              },
            },
            'End it now',
          ),
        );
      },
      field('User id', 'userId', { required: true, value: search.get('userId') ?? '' }),
      h('label', {}, 'Reason (required)', h('textarea', { name: 'reason', rows: '3', required: true })),
      field('Minutes (1 to 60)', 'minutes', { type: 'number', min: '1', max: '60', value: '15' }),
      h('button', { type: 'submit' }, 'Start impersonating'),
    ),
    result,
  );
}

// ---- routing ---------------------------------------------------------------

async function render(): Promise<void> {
  if (!credentials) return signInView();
  nav.hidden = false;
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const segments = path.split('/').filter(Boolean);
  for (const link of Array.from(nav.querySelectorAll('a'))) {
    if (link.getAttribute('href') === `#/${segments[0] ?? 'overview'}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  switch (segments[0]) {
    case 'workspaces':
      return segments[1] ? workspaceView(segments[1]) : workspacesView(params);
    case 'users':
      return usersView(params);
    case 'jobs':
      return jobsView(params);
    case 'audit':
      return auditView(params);
    case 'impersonate':
      return impersonateView(params);
    default:
      return overviewView();
  }
}

function route(): void {
  render().catch(fail);
}

document.getElementById('sign-out')?.addEventListener('click', () => {
  const token = credentials?.accessToken;
  keep(null);
  if (token) void send('POST', '/v1/auth/logout', undefined, token);
  tell('Signed out.');
  route();
});
window.addEventListener('hashchange', () => {
  tell('');
  route();
});
route();
