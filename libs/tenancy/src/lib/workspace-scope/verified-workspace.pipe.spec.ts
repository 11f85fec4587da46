import { AsyncLocalStorage } from 'node:async_hooks';
import { ClsService } from 'nestjs-cls';
import { KeelClsStore, RequestContext } from '@keel/platform-context';
import { VerifiedWorkspacePipe } from './verified-workspace.pipe';
import { WorkspaceScope } from './workspace-scope';

const VERIFIED = '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10';

describe('@WorkspaceParam() (the verified-workspace pipe)', () => {
  const cls = new ClsService<KeelClsStore>(new AsyncLocalStorage());
  const scope = new WorkspaceScope(cls, new RequestContext(cls));
  const pipe = new VerifiedWorkspacePipe(scope);

  it('should answer the workspace the guard verified and put in the request context', async () => {
    const answered = await cls.run(() => {
      scope.set({ workspaceId: VERIFIED, permissions: new Set() });
      return pipe.transform();
    });
    expect(answered).toBe(VERIFIED);
  });

  it('should throw a programming error naming the missing guard when no guard verified a workspace', async () => {
    await cls.run(() => expect(() => pipe.transform()).toThrow(/workspace guard did not run.*@RequirePermission/));
    expect(() => pipe.transform()).toThrow(/workspace guard did not run/);
  });
});
