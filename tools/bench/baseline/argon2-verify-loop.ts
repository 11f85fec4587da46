import { performance } from 'node:perf_hooks';
import { verify } from '@node-rs/argon2';
import { loopMeasurement, TimedOperation } from '../lib/loop-stats';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/**
 * The floor of sign-in: argon2id verifications of one stored hash with
 * `@node-rs/argon2`, nothing else, `ARGON2_CONCURRENCY` in flight for
 * `ARGON2_DURATION_SECONDS`. Like Keel's, they run on this process's libuv
 * thread pool (UV_THREADPOOL_SIZE, 4 by default), so the parallelism is the
 * API process's. Prints one JSON line: a Measurement.
 */
async function main(): Promise<void> {
  const hash = required('ARGON2_HASH');
  const password = required('ARGON2_PASSWORD');
  const concurrency = Number(required('ARGON2_CONCURRENCY'));
  const durationSeconds = Number(required('ARGON2_DURATION_SECONDS'));

  const operations: TimedOperation[] = [];
  let errors = 0;
  // The runner waits for this line before it times anything beside the loop.
  process.stderr.write('looping\n');
  const cpuAtStart = process.cpuUsage();
  const start = performance.now();
  const deadline = start + durationSeconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const startedAtMs = performance.now() - start;
      try {
        const succeeded = await verify(hash, password);
        operations.push({ startedAtMs, finishedAtMs: performance.now() - start, succeeded });
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // The whole process, every thread of the pool included; microseconds.
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${JSON.stringify(loopMeasurement(operations, durationSeconds, errors, cpuMs))}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
