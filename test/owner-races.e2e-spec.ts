import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { addMember, createWorkspace } from './support/keel-tenants';

const ROUNDS = 5;

/**
 * A workspace always keeps an owner, also when its owners act at the same
 * moment: two owners demoting (or removing) each other in parallel must end
 * with exactly one success and one refusal, never with no owner and never
 * with a deadlock answered as a 500. The refusal is 409 LAST_OWNER, or 403
 * when the loser was no longer an owner by the time its request ran.
 */
describe('a workspace keeps an owner under concurrent changes', () => {
  let keel: KeelOnTestDatabase;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
  });

  afterAll(async () => {
    await keel?.stop();
  });

  async function twoOwners(
    round: number,
    change: string,
  ): Promise<{ workspaceId: string; ada: SignedInPerson; bob: SignedInPerson }> {
    const baseUrl = keel.keel.url;
    const ada = await signUp(baseUrl, 'ada', { email: `ada-${change}-${round}@example.com`, name: 'Ada' });
    const { id: workspaceId } = await createWorkspace(ada, { name: `Race ${change} ${round}` });
    const bob = await addMember(baseUrl, ada, workspaceId, {
      email: `bob-${change}-${round}@example.com`,
      name: 'Bob',
      role: 'owner',
    });
    return { workspaceId, ada, bob };
  }

  async function ownersOf(workspaceId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await keel.database.dataSource.query(
      `SELECT user_id FROM memberships WHERE workspace_id = $1 AND role_key = 'owner'`,
      [workspaceId],
    );
    return rows.map((row) => row.user_id);
  }

  it.each(Array.from({ length: ROUNDS }, (_, round) => round))(
    'should let exactly one of two owners demoting each other at once succeed (round %i)',
    async (round) => {
      const { workspaceId, ada, bob } = await twoOwners(round, 'demote');

      const answers = await Promise.all([
        ada.client.PATCH('/v1/workspaces/{workspaceId}/members/{userId}', {
          params: { path: { workspaceId, userId: bob.userId } },
          body: { role: 'admin' },
        }),
        bob.client.PATCH('/v1/workspaces/{workspaceId}/members/{userId}', {
          params: { path: { workspaceId, userId: ada.userId } },
          body: { role: 'admin' },
        }),
      ]);

      const succeeded = answers.filter((answer) => answer.response.status === 200);
      const refused = answers.filter((answer) => answer.response.status !== 200);
      expect(succeeded).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect([409, 403]).toContain(refused[0].response.status);
      expect(refused[0].error).toMatchObject({
        code: refused[0].response.status === 409 ? 'LAST_OWNER' : 'PERMISSION_DENIED',
      });
      expect(await ownersOf(workspaceId)).toHaveLength(1);
    },
  );

  it.each(Array.from({ length: ROUNDS }, (_, round) => round))(
    'should let exactly one of two owners leaving at once go (round %i)',
    async (round) => {
      const { workspaceId, ada, bob } = await twoOwners(round, 'leave');

      const answers = await Promise.all([
        ada.client.DELETE('/v1/workspaces/{workspaceId}/members/{userId}', {
          params: { path: { workspaceId, userId: ada.userId } },
        }),
        bob.client.DELETE('/v1/workspaces/{workspaceId}/members/{userId}', {
          params: { path: { workspaceId, userId: bob.userId } },
        }),
      ]);

      expect(answers.map((answer) => answer.response.status).sort()).toEqual([204, 409]);
      expect(await ownersOf(workspaceId)).toHaveLength(1);
    },
  );
});
