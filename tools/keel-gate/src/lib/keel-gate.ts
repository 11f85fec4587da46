import { parseArgs, ParseArgsConfig } from 'node:util';
import { CommandContext, KeelGateIo } from './command';
import { connectionFrom } from './connection';
import { EVALUATE_OPTIONS, EVALUATE_USAGE, evaluate } from './evaluate.command';
import { EVIDENCE_UPLOAD_OPTIONS, EVIDENCE_UPLOAD_USAGE, evidenceUpload } from './evidence-upload.command';
import { EXIT_ERROR, EXIT_PASSED } from './exit-codes';
import { KeelApi } from './keel-api';
import { KeelGateError, UsageError } from './keel-gate-error';
import { RELEASE_CREATE_OPTIONS, RELEASE_CREATE_USAGE, releaseCreate } from './release-create.command';
import { stateFilePath } from './release-state';

export type { KeelGateIo } from './command';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

export const USAGE = `keel-gate: sends a release's CI evidence to Keel and asks its release gates for a verdict.

${RELEASE_CREATE_USAGE}

${EVIDENCE_UPLOAD_USAGE}

${EVALUATE_USAGE}

Environment: KEEL_URL (Keel's base URL), KEEL_API_KEY (a workspace API key), KEEL_WORKSPACE (the workspace id),
KEEL_GATE_STATE (the state file, default ./.keel-gate.json), KEEL_GATE_TIMEOUT_SECONDS (per request, default 60).
Exit codes: 0 done (evaluate: pass or warn), 1 evaluate: fail or incomplete, 2 usage, configuration or Keel error.
More: docs/release-gates.md, section keel-gate.`;

interface Command {
  usage: string;
  /** Parses the command's arguments (a UsageError when they are wrong) into the call to run. */
  parse(args: string[]): (context: CommandContext) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  'release create': {
    usage: RELEASE_CREATE_USAGE,
    parse: (args) => {
      const { values } = parseCommandLine(args, RELEASE_CREATE_OPTIONS, false);
      return (context) => releaseCreate(context, values);
    },
  },
  'evidence upload': {
    usage: EVIDENCE_UPLOAD_USAGE,
    parse: (args) => {
      const { values, positionals } = parseCommandLine(args, EVIDENCE_UPLOAD_OPTIONS, true);
      return (context) => evidenceUpload(context, values, positionals);
    },
  },
  evaluate: {
    usage: EVALUATE_USAGE,
    parse: (args) => {
      const { values } = parseCommandLine(args, EVALUATE_OPTIONS, false);
      return (context) => evaluate(context, values);
    },
  },
};

/** util.parseArgs, strict, its errors (an unknown option, a missing value) as usage errors. */
function parseCommandLine<T extends ParseArgsOptionsConfig, P extends boolean>(
  args: string[],
  options: T,
  allowPositionals: P,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The whole command line: returns the exit code instead of exiting, so tests run it in-process. */
export async function runKeelGate(argv: string[], io: KeelGateIo): Promise<number> {
  if (argv.length === 0 || ['help', '--help', '-h'].includes(argv[0])) {
    (argv.length === 0 ? io.err : io.out)(USAGE);
    return argv.length === 0 ? EXIT_ERROR : EXIT_PASSED;
  }
  const name = COMMANDS[argv[0]] ? argv[0] : `${argv[0]} ${argv[1] ?? ''}`.trim();
  const command = COMMANDS[name];
  if (!command) {
    io.err(`keel-gate: unknown command "${name}"`);
    io.err(USAGE);
    return EXIT_ERROR;
  }
  const args = argv.slice(name.split(' ').length);
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.usage);
    return EXIT_PASSED;
  }

  try {
    const call = command.parse(args);
    const connection = connectionFrom(io.env);
    const context: CommandContext = {
      io,
      connection,
      api: new KeelApi(connection, io.fetch ?? fetch),
      statePath: stateFilePath(io.env, io.cwd),
    };
    return await call(context);
  } catch (error) {
    if (!(error instanceof KeelGateError)) throw error;
    io.err(`keel-gate: ${error.message}`);
    error.details.forEach((detail) => io.err(`  ${detail}`));
    if (error instanceof UsageError) io.err(`usage: ${command.usage}`);
    return EXIT_ERROR;
  }
}
