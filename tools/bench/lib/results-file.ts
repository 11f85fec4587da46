import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { BenchOptions } from './bench-options';
import type { MachineDescription } from './machine';
import type { BenchResult } from './scenario-result';

export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  /** Git commit of the code measured. */
  revision: string;
  options: BenchOptions;
  machine: MachineDescription;
  /** 1, 5 and 15 minute load averages: other work on the machine shows up here before it skews the figures. */
  loadAverage: { atStart: number[]; atEnd: number[] };
  scenarios: BenchResult[];
}

const WORKSPACE_ROOT = resolve(__dirname, '../../..');
const RESULTS_DIR = join(WORKSPACE_ROOT, 'tools/bench/results');

/** One file per run, named by its start time, so runs can be compared later; returns its workspace-relative path. */
export async function writeResultsFile(run: BenchRun): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${run.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(run, null, 2) + '\n');
  return relative(WORKSPACE_ROOT, file);
}
