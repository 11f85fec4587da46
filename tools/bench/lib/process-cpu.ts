import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * User plus system CPU time, in clock ticks, from the text of /proc/<pid>/stat
 * (proc(5): utime and stime are fields 14 and 15). The command name, field 2,
 * may hold spaces and parentheses, so fields are counted from its last `)`.
 */
export function cpuTicksFromStat(stat: string): number | undefined {
  const end = stat.lastIndexOf(')');
  if (end < 0) return undefined;
  const fields = stat.slice(end + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * CPU time a process has used so far, all its threads together (the event
 * loop, libuv's pool, V8's collector), in milliseconds; undefined where
 * /proc is not there (not Linux) or the process is gone.
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const ticks = cpuTicksFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return ticks === undefined ? undefined : (ticks * 1000) / clockTicksPerSecond();
  } catch {
    return undefined;
  }
}

/** CPU milliseconds per request, to two decimals; undefined when either reading is missing or nothing was served. */
export function cpuMsPerRequest(
  before: number | undefined,
  after: number | undefined,
  requests: number,
): number | undefined {
  if (before === undefined || after === undefined || requests <= 0) return undefined;
  return Math.round(((after - before) / requests) * 100) / 100;
}
