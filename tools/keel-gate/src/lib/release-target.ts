import { CommandContext } from './command';
import { KeelGateError, UsageError } from './keel-gate-error';
import { Release } from './keel-wire';
import { readReleaseState } from './release-state';

export interface ReleaseTargetOptions {
  release?: string;
  product?: string;
  version?: string;
}

/** Options of every command that acts on a release. */
export const RELEASE_TARGET_OPTIONS = {
  release: { type: 'string' },
  product: { type: 'string' },
  version: { type: 'string' },
} as const;

export type ReleaseTarget = { id: string; product?: string; version?: string };

/**
 * The release a command acts on, in this order: `--release ID`; `--product P
 * --version V` (looked up); the release the last `keel-gate release create`
 * remembered for this Keel and workspace.
 */
export async function resolveReleaseTarget(
  context: CommandContext,
  options: ReleaseTargetOptions,
): Promise<ReleaseTarget> {
  if (options.release) {
    if (options.product || options.version) throw new UsageError('give either --release or --product and --version');
    return { id: options.release };
  }
  if (options.product || options.version) {
    if (!options.product || !options.version) throw new UsageError('--product and --version go together');
    return findRelease(context, options.product, options.version);
  }
  const remembered = await readReleaseState(context.statePath, context.connection);
  if (remembered) return remembered;
  throw new UsageError(
    `which release? pass --release ID or --product and --version, or run keel-gate release create first (it remembers the release in ${context.statePath})`,
  );
}

/** GET …/releases?product=P, walked until the version turns up. */
export async function findRelease(context: CommandContext, product: string, version: string): Promise<Release> {
  const path = context.api.workspacePath(`/releases?product=${encodeURIComponent(product)}`);
  const release = await context.api.findInList<Release, Release>(path, (candidate) =>
    candidate.product === product && candidate.version === version ? candidate : undefined,
  );
  if (!release)
    throw new KeelGateError(`no release ${product} ${version} in workspace ${context.connection.workspaceId}`);
  return release;
}

export function describeRelease(release: ReleaseTarget): string {
  return release.product && release.version ? `${release.product} ${release.version} (${release.id})` : release.id;
}
