import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { CommandContext } from './command';
import { EXIT_PASSED } from './exit-codes';
import { KeelGateError, UsageError } from './keel-gate-error';
import { Evidence } from './keel-wire';
import { describeRelease, RELEASE_TARGET_OPTIONS, resolveReleaseTarget } from './release-target';

export const EVIDENCE_UPLOAD_USAGE = `keel-gate evidence upload --type TYPE FILE [--platform P] [--source URL] [--collected-at TIME] [--release ID | --product P --version V] [--json]

  Sends FILE as evidence of the release (the remembered one unless --release or --product/--version say another).
  --type          junit, coverage (lcov or Cobertura), sarif, bench, load-test, approval, attestation or custom
  --platform      the artifact platform the evidence is about (linux/amd64)
  --source        the CI run's URL; by default the run of GitHub Actions, GitLab CI or Jenkins when keel-gate runs in one
  --collected-at  when the evidence was collected (RFC 3339); by default Keel's time of receipt
  --json          print the evidence item as Keel answered it`;

export const EVIDENCE_UPLOAD_OPTIONS = {
  type: { type: 'string' },
  platform: { type: 'string' },
  source: { type: 'string' },
  'collected-at': { type: 'string' },
  json: { type: 'boolean' },
  ...RELEASE_TARGET_OPTIONS,
} as const;

export interface EvidenceUploadOptions {
  type?: string;
  platform?: string;
  source?: string;
  'collected-at'?: string;
  json?: boolean;
  release?: string;
  product?: string;
  version?: string;
}

const MEDIA_TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.sarif': 'application/sarif+json',
};

export async function evidenceUpload(
  context: CommandContext,
  options: EvidenceUploadOptions,
  files: string[],
): Promise<number> {
  if (!options.type) throw new UsageError('--type is required');
  if (files.length !== 1) throw new UsageError(`give exactly one FILE to upload, got ${files.length}`);
  const path = resolve(context.io.cwd, files[0]);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new KeelGateError(`cannot read ${files[0]}: ${(error as Error).message}`);
  }
  const release = await resolveReleaseTarget(context, options);

  // The fields before the file: Keel reads the multipart stream in order.
  const form = new FormData();
  form.append('type', options.type);
  const source = options.source ?? ciRunUrl(context.io.env);
  if (source) form.append('source', source);
  if (options.platform) form.append('platform', options.platform);
  if (options['collected-at']) form.append('collectedAt', options['collected-at']);
  const mediaType = MEDIA_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  form.append('file', new Blob([bytes], { type: mediaType }), basename(path));

  const evidence = await context.api.post<Evidence>(
    context.api.workspacePath(`/releases/${encodeURIComponent(release.id)}/evidence`),
    { form },
  );
  if (options.json) {
    context.io.out(JSON.stringify(evidence, null, 2));
  } else {
    const facts = factsLine(evidence.facts);
    context.io.out(
      `uploaded ${evidence.type ?? options.type} evidence ${evidence.id} (${bytes.length} bytes) ` +
        `for release ${describeRelease(release)}${facts ? `: ${facts}` : ''}`,
    );
  }
  return EXIT_PASSED;
}

/** The run's URL when keel-gate runs in GitHub Actions, GitLab CI or Jenkins: it becomes the evidence's source. */
export function ciRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env['GITHUB_SERVER_URL'] && env['GITHUB_REPOSITORY'] && env['GITHUB_RUN_ID']) {
    return `${env['GITHUB_SERVER_URL']}/${env['GITHUB_REPOSITORY']}/actions/runs/${env['GITHUB_RUN_ID']}`;
  }
  return env['CI_JOB_URL'] || env['BUILD_URL'] || undefined;
}

/** The facts Keel parsed, the scalar ones, as `tests=120 failures=0 …`. */
function factsLine(facts: Record<string, unknown> | undefined): string {
  if (!facts) return '';
  return Object.entries(facts)
    .filter(([, value]) => ['number', 'string', 'boolean'].includes(typeof value))
    .slice(0, 10)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}
