/** What `seed` makes: people, a workspace and what a workspace holds, named so they read as a demo. */

export const DEMO_PEOPLE = [
  { name: 'Ada Lovelace', email: 'ada@demo.example.com', role: 'owner' },
  { name: 'Grace Hopper', email: 'grace@demo.example.com', role: 'admin' },
  { name: 'Linus Pauling', email: 'linus@demo.example.com', role: 'member' },
] as const;

export const DEMO_WORKSPACE = { name: 'Demo Works', slug: 'demo-works' };

/** Version 2 of the workflow: the default one with a review step. */
export const DEMO_WORKFLOW = {
  states: [
    { name: 'Backlog', category: 'todo' as const },
    { name: 'Planned', category: 'todo' as const },
    { name: 'In progress', category: 'in_progress' as const },
    { name: 'In review', category: 'in_progress' as const },
    { name: 'Done', category: 'done' as const },
    { name: 'Cancelled', category: 'cancelled' as const },
  ],
  transitions: [
    { name: 'Plan', from: ['Backlog'], to: 'Planned' },
    { name: 'Start', from: ['Backlog', 'Planned'], to: 'In progress' },
    { name: 'Submit for review', from: ['In progress'], to: 'In review' },
    { name: 'Request changes', from: ['In review'], to: 'In progress' },
    { name: 'Approve', from: ['In review'], to: 'Done' },
    { name: 'Cancel', from: ['*'], to: 'Cancelled' },
    { name: 'Reopen', from: ['Done', 'Cancelled'], to: 'Backlog' },
  ],
  initialState: 'Backlog',
};

export const DEMO_PROJECTS = [
  {
    key: 'WEB',
    name: 'Website relaunch',
    description: 'New design, new CMS, same URLs.',
    moves: ['Planned', 'In progress'],
  },
  { key: 'MOB', name: 'Mobile app', description: 'iOS and Android, one codebase.', moves: ['Planned'] },
  { key: 'BILL', name: 'Billing revamp', description: 'Usage-based plans.', moves: [] },
] as const;

export const DEMO_RULE = {
  name: 'Welcome new projects',
  trigger: { eventType: 'project.created' },
  actions: [{ type: 'add_comment' as const, body: 'Welcome aboard! Plan it when the scope is clear.' }],
};

/**
 * A receiver that does not exist (example.com is reserved, and this name does
 * not resolve): the endpoint shows how webhooks are set up, and its
 * deliveries fail and are retried until its url is pointed at a real
 * receiver (one on this machine needs WEBHOOK_ALLOW_PRIVATE=true).
 */
export const DEMO_WEBHOOK = {
  url: 'https://hooks.demo.example.com/keel',
  eventTypes: ['project.created', 'project.transitioned'],
  description: 'Demo receiver (does not exist): point it at yours',
};
