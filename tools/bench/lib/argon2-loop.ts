import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { Measurement } from './measure';

const LOOP_ENTRY = 'tools/bench/baseline/argon2-verify-loop.ts';
const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** The loop process in flight, so an interrupt can end it with the rest. */
const running = new Set<ChildProcess>();

export function stopArgon2Loops(): void {
  for (const child of running) child.kill('SIGTERM');
}

export interface Argon2LoopSettings {
  /** A stored password hash and its password: the loop verifies exactly what a sign-in verifies. */
  hash: string;
  password: string;
  concurrency: number;
  durationSeconds: number;
}

/** The stored hash of an account the bench signed up (read as the superuser, beside the API). */
export async function storedPasswordHash(databaseUrl: string, userId: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
      userId,
    ]);
    const hash = result.rows[0]?.password_hash;
    if (!hash) throw new Error(`No password hash stored for user ${userId}`);
    return hash;
  } finally {
    await client.end();
  }
}

/** A loop process under way: when its loop has begun, and what it measured. */
export interface RunningArgon2Loop {
  started: Promise<void>;
  result: Promise<Measurement>;
}

/**
 * Starts the raw argon2id verify loop in a process of its own (its own event
 * loop and libuv thread pool, like the API process).
 */
export function startArgon2Loop(settings: Argon2LoopSettings): RunningArgon2Loop {
  const child = spawn(process.execPath, ['--require', '@swc-node/register', LOOP_ENTRY], {
    cwd: WORKSPACE_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      ARGON2_HASH: settings.hash,
      ARGON2_PASSWORD: settings.password,
      ARGON2_CONCURRENCY: String(settings.concurrency),
      ARGON2_DURATION_SECONDS: String(settings.durationSeconds),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes('looping\n')) markStarted();
  });
  const result = new Promise<Measurement>((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      running.delete(child);
      markStarted();
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        fail(new Error(`The argon2id loop failed (${code ?? signal}):\n${stderr}${stdout}`));
        return;
      }
      done(JSON.parse(line) as Measurement);
    });
  });
  return { started, result };
}

/** Runs the raw argon2id verify loop to its end and returns what it measured. */
export function runArgon2Loop(settings: Argon2LoopSettings): Promise<Measurement> {
  return startArgon2Loop(settings).result;
}
