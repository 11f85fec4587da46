import { spawn } from 'node:child_process';

/** Said when promtool is missing: a suite that claims the Prometheus format must not pass without the check. */
const PROMTOOL_MISSING =
  'promtool is not installed, and this suite claims the Prometheus text format, which only promtool checks: ' +
  "install Prometheus's promtool (Debian/Ubuntu: apt-get install prometheus; .ci/run does) and run again.";

/** Pipes an exposition to `promtool check metrics`; returns its exit code and what it printed. Fails without promtool. */
export function promtoolCheckMetrics(exposition: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'ENOENT' ? new Error(PROMTOOL_MISSING) : error),
    );
    child.on('close', (code) => done({ code, output }));
    // A promtool that died at once closes stdin early; its exit code says more than the broken pipe.
    child.stdin.on('error', () => undefined);
    child.stdin.end(exposition);
  });
}
