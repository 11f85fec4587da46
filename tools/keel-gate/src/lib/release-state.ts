import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KeelConnection } from './connection';
import { KeelGateError } from './keel-gate-error';

/** The state file's name in the working folder (KEEL_GATE_STATE names another). */
export const STATE_FILE_NAME = '.keel-gate.json';

/** The release the last `keel-gate release create` made, for the commands that follow it in the same job. */
export interface ReleaseState {
  keelUrl: string;
  workspaceId: string;
  release: { id: string; product: string; version: string };
}

export function stateFilePath(env: NodeJS.ProcessEnv, cwd: string): string {
  return resolve(cwd, env['KEEL_GATE_STATE']?.trim() || STATE_FILE_NAME);
}

/** The remembered release, when the state file exists and was written for this Keel and workspace. */
export async function readReleaseState(
  path: string,
  connection: KeelConnection,
): Promise<ReleaseState['release'] | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeelGateError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let state: Partial<ReleaseState>;
  try {
    state = JSON.parse(text) as Partial<ReleaseState>;
  } catch {
    throw new KeelGateError(`${path} is not JSON: delete it, or pass --release`);
  }
  if (typeof state.release?.id !== 'string') throw new KeelGateError(`${path} names no release: delete it`);
  if (state.keelUrl !== connection.url || state.workspaceId !== connection.workspaceId) {
    throw new KeelGateError(
      `${path} remembers a release of another Keel or workspace (${state.keelUrl}, workspace ${state.workspaceId})`,
      ['pass --release ID or --product and --version, or run keel-gate release create again'],
    );
  }
  return state.release;
}

export async function writeReleaseState(path: string, state: ReleaseState): Promise<void> {
  // Written whole then renamed: a job killed mid-write leaves the old file, never half a file.
  const partial = `${path}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
  await rename(partial, path);
}
