import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const MAIN = join(__dirname, 'backbone-probe.main.ts');
const WORKSPACE_ROOT = resolve(__dirname, '../../..');

export interface ProbeProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<number | NodeJS.Signals | null>;
  output(): string;
}

/** The backbone probe app in a child process; resolves once it listens. */
export function spawnBackboneProbe(databaseUrl: string, env: Record<string, string>): Promise<ProbeProcess> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN, databaseUrl], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | NodeJS.Signals | null>((settle) =>
      child.on('exit', (code, signal) => settle(code ?? signal)),
    );
    let output = '';
    let started = false;
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((text) => text.startsWith('{"url":'));
      if (line && !started) {
        started = true;
        done({ url: (JSON.parse(line) as { url: string }).url, child, exited, output: () => output });
      }
    });
    void exited.then((code) => {
      if (!started) fail(new Error(`the probe exited (${String(code)}) before it listened:\n${output}`));
    });
  });
}
