import { userInfo } from 'node:os';
import type { KeelCommand, KeelCommandContext } from '@keel/platform-runtime';
import { PlatformAdmins } from './platform-admins.service';

/** Who ran the command, as the platform audit log names them: the operating-system user. */
function operator(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

function adminRoleCommand(verb: 'grant' | 'revoke'): KeelCommand {
  return {
    // Only what the command needs: a private loopback port, no consumers or schedules.
    environment: { HOST: '127.0.0.1', PORT: '0', KEEL_ROLE: 'api' },
    async run({ app, args, print }: KeelCommandContext): Promise<void> {
      const [email, ...extra] = args;
      if (!email || extra.length > 0) {
        process.stderr.write(`usage: main.js admin:${verb} <email>\n`);
        process.exitCode = 64;
        return;
      }
      const admins = app.get(PlatformAdmins);
      const result = verb === 'grant' ? await admins.grant(email, operator()) : await admins.revoke(email, operator());
      if (!result) {
        process.stderr.write(`admin:${verb}: no account has the address ${email}; nothing was changed\n`);
        process.exitCode = 1;
        return;
      }
      print(
        result.change === 'unchanged'
          ? `${email} ${verb === 'grant' ? 'already is' : 'is not'} a platform admin; nothing was changed.`
          : `${email} ${verb === 'grant' ? 'is now a platform admin' : 'is no longer a platform admin'} (user ${result.userId}).`,
      );
    },
  };
}

/**
 * `main.js admin:grant <email>` (`npm run admin:grant -- <email>`): the only
 * way to make an account a platform admin. Audited in the platform log with
 * the operating-system user who ran it.
 */
export const adminGrantCommand: KeelCommand = adminRoleCommand('grant');

/** `main.js admin:revoke <email>` (`npm run admin:revoke -- <email>`): takes the role back; audited likewise. */
export const adminRevokeCommand: KeelCommand = adminRoleCommand('revoke');
