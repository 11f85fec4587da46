import { readdir, readFile } from 'node:fs/promises';

/** Ids of the processes whose command line names `folder`: an embedded postgres server and its workers. */
export async function processesUsing(folder: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.split('\0').includes(folder)) found.push(Number(entry));
  }
  return found;
}
