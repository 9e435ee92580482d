import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds of a process's threads, grouped by what they do. */
export interface ThreadCpu {
  /** Node's main thread: HTTP, decoding, processors, encoding. */
  main: number;
  /** V8's GC helpers and libuv's pool (threads named "node"/"libuv-worker"/"V8 …"). */
  helpers: number;
  /** The embedded engine running queries (inserts: parsing, materialized views, writing parts). */
  engineQueries: number;
  /** The engine's background merges. */
  engineMerges: number;
  other: number;
}

const TICKS_PER_SECOND = 100;

function groupOf(name: string, isMain: boolean): keyof ThreadCpu {
  if (isMain) return 'main';
  if (/^MergeMutate/.test(name)) return 'engineMerges';
  if (/^(ThreadPool|QueryPipeline|QueryCompPipe|QueryPullPipe|QueryPushPipe)/.test(name)) return 'engineQueries';
  if (/^(node|libuv|V8)/i.test(name)) return 'helpers';
  return 'other';
}

/** Reads /proc/<pid>/task (Linux); zeros elsewhere. */
export function threadCpu(pid: number): ThreadCpu {
  const cpu: ThreadCpu = { main: 0, helpers: 0, engineQueries: 0, engineMerges: 0, other: 0 };
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return cpu;
  }
  for (const tid of tids) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the ")" that closes the name: utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu[groupOf(name, tid === String(pid))] += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return cpu;
}

export function cpuBetween(before: ThreadCpu, after: ThreadCpu): ThreadCpu {
  const d = { ...after };
  for (const k of Object.keys(d) as (keyof ThreadCpu)[]) d[k] = Number((after[k] - before[k]).toFixed(2));
  return d;
}
