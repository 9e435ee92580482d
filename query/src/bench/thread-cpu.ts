import { readdirSync, readFileSync } from 'node:fs';
import { cpuSecondsOfStat } from '@watchllm/collector';

/** CPU seconds of a process's threads, grouped by what they do. */
export interface ThreadCpu {
  /** Node's main thread: HTTP, admission, the spool and inserts (and the traces pipeline when no worker runs it). */
  main: number;
  /** The traces worker thread: decoding, processors, encoding (from its watchllm_traces_worker_cpu_seconds_total). */
  worker: number;
  /** V8's GC helpers and libuv's pool (threads named "node"/"libuv-worker"/"V8 …"), the worker taken out. */
  helpers: number;
  /** The embedded engine's threads other than merges: the inserts (parsing, materialized views, writing parts), small background tasks. */
  engineQueries: number;
  /** The engine's background merges. */
  engineMerges: number;
}

/** One reading of every thread of a process: its name then and its CPU seconds so far, by thread id. */
export interface ThreadSnapshot {
  pid: number;
  threads: Map<string, { name: string; seconds: number }>;
}

/**
 * The engine renames a thread for what it runs at the moment (a query's thread reads "ThreadPool",
 * "QueryCompPipeEx", "RuntimeData" or "Collector" at different times), so two readings are compared
 * thread by thread, never name by name.
 */
function groupOf(names: string[], isMain: boolean): keyof ThreadCpu {
  if (isMain) return 'main';
  if (names.some((n) => /^MergeMutate/.test(n))) return 'engineMerges';
  if (names.every((n) => /^(node|libuv|V8)/i.test(n))) return 'helpers';
  return 'engineQueries';
}

/** Reads /proc/<pid>/task (Linux); no threads elsewhere. */
export function threadCpu(pid: number): ThreadSnapshot {
  const threads = new Map<string, { name: string; seconds: number }>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return { pid, threads };
  }
  for (const tid of tids) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      threads.set(tid, { name, seconds: cpuSecondsOfStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')) });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return { pid, threads };
}

/** CPU each group used between two readings of one process (threads that ended in between are not counted). */
export function cpuBetween(before: ThreadSnapshot, after: ThreadSnapshot): ThreadCpu {
  const cpu: ThreadCpu = { main: 0, worker: 0, helpers: 0, engineQueries: 0, engineMerges: 0 };
  for (const [tid, now] of after.threads) {
    const then = before.threads.get(tid);
    const names = then ? [then.name, now.name] : [now.name];
    cpu[groupOf(names, tid === String(after.pid))] += now.seconds - (then?.seconds ?? 0);
  }
  for (const k of Object.keys(cpu) as (keyof ThreadCpu)[]) cpu[k] = Number(cpu[k].toFixed(2));
  return cpu;
}

/** Moves the traces worker's CPU (read from the collector's metrics: its thread is named like V8's helpers) out of `helpers`. */
export function withWorker(cpu: ThreadCpu, workerSeconds: number): ThreadCpu {
  return { ...cpu, worker: workerSeconds, helpers: Number((cpu.helpers - workerSeconds).toFixed(2)) };
}
