import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds from a /proc/<pid>/task/<tid>/stat line (Linux). */
export function cpuSecondsOfStat(stat: string): number {
  // Fields after the ")" that closes the name: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds the calling thread has used; undefined where /proc/thread-self is missing (not Linux). */
export function callingThreadCpuSeconds(): number | undefined {
  try {
    return cpuSecondsOfStat(readFileSync('/proc/thread-self/stat', 'utf8'));
  } catch {
    return undefined;
  }
}
