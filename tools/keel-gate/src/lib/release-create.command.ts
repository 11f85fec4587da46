import { CommandContext } from './command';
import { EXIT_PASSED } from './exit-codes';
import { ProblemError, UsageError } from './keel-gate-error';
import { Artifact, Release } from './keel-wire';
import { writeReleaseState } from './release-state';
import { findRelease } from './release-target';

export const RELEASE_CREATE_USAGE = `keel-gate release create --product P --version V [--commit SHA] --artifact PLATFORM=DIGEST … [--reuse-existing] [--json]

  Records a release candidate and remembers it (in .keel-gate.json) for the commands that follow.
  --artifact        linux/amd64=sha256:<64 hex>; repeat it for each platform (1 to 32)
  --reuse-existing  when the product already has this version (409 RELEASE_EXISTS), use that release instead of failing
  --json            print the release as Keel answered it`;

export const RELEASE_CREATE_OPTIONS = {
  product: { type: 'string' },
  version: { type: 'string' },
  commit: { type: 'string' },
  artifact: { type: 'string', multiple: true },
  'reuse-existing': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export interface ReleaseCreateOptions {
  product?: string;
  version?: string;
  commit?: string;
  artifact?: string[];
  'reuse-existing'?: boolean;
  json?: boolean;
}

export async function releaseCreate(context: CommandContext, options: ReleaseCreateOptions): Promise<number> {
  const { product, version } = options;
  if (!product) throw new UsageError('--product is required');
  if (!version) throw new UsageError('--version is required');
  const artifacts = (options.artifact ?? []).map(artifactOf);
  if (artifacts.length === 0) throw new UsageError('at least one --artifact PLATFORM=DIGEST is required');

  const body = { product, version, ...(options.commit ? { commit: options.commit } : {}), artifacts };
  let release: Release;
  let reused = false;
  try {
    release = await context.api.post<Release>(context.api.workspacePath('/releases'), { json: body });
  } catch (error) {
    if (!(options['reuse-existing'] && error instanceof ProblemError && error.code === 'RELEASE_EXISTS')) throw error;
    release = await findRelease(context, product, version);
    reused = true;
  }

  await writeReleaseState(context.statePath, {
    keelUrl: context.connection.url,
    workspaceId: context.connection.workspaceId,
    release: { id: release.id, product: release.product, version: release.version },
  });
  if (options.json) {
    context.io.out(JSON.stringify(release, null, 2));
  } else {
    const count = release.artifacts?.length ?? artifacts.length;
    context.io.out(
      `${reused ? 'reusing existing' : 'created'} release ${release.product} ${release.version} (${release.id}), ` +
        `${count} artifact${count === 1 ? '' : 's'}; remembered in ${context.statePath}`,
    );
  }
  return EXIT_PASSED;
}

/** `linux/amd64=sha256:…` → {platform, digest}; the digest's form is Keel's to check (422 at $.artifacts[i].digest). */
function artifactOf(value: string): Artifact {
  const separator = value.indexOf('=');
  if (separator <= 0 || separator === value.length - 1) {
    throw new UsageError(`--artifact "${value}" is not PLATFORM=DIGEST (e.g. linux/amd64=sha256:<64 hex>)`);
  }
  return { platform: value.slice(0, separator).trim(), digest: value.slice(separator + 1).trim() };
}
