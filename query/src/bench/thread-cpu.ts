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
  /** The embedded engine running queries (inserts: parsing, materialized views, writing parts). */
  engineQueries: number;
  /** The engine's background merges. */
  engineMerges: number;
  other: number;
}

function groupOf(name: string, isMain: boolean): keyof ThreadCpu {
  if (isMain) return 'main';
  if (/^MergeMutate/.test(name)) return 'engineMerges';
  if (/^(ThreadPool|QueryPipeline|QueryCompPipe|QueryPullPipe|QueryPushPipe)/.test(name)) return 'engineQueries';
  if (/^(node|libuv|V8)/i.test(name)) return 'helpers';
  return 'other';
}

/** Reads /proc/<pid>/task (Linux); zeros elsewhere. */
export function threadCpu(pid: number): ThreadCpu {
  const cpu: ThreadCpu = { main: 0, worker: 0, helpers: 0, engineQueries: 0, engineMerges: 0, other: 0 };
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return cpu;
  }
  for (const tid of tids) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      cpu[groupOf(name, tid === String(pid))] += cpuSecondsOfStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return cpu;
}

/** Moves the traces worker's CPU (read from the collector's metrics: its thread is named like V8's helpers) out of `helpers`. */
export function withWorker(cpu: ThreadCpu, workerSeconds: number): ThreadCpu {
  return { ...cpu, worker: workerSeconds, helpers: Number((cpu.helpers - workerSeconds).toFixed(2)) };
}

export function cpuBetween(before: ThreadCpu, after: ThreadCpu): ThreadCpu {
  const d = { ...after };
  for (const k of Object.keys(d) as (keyof ThreadCpu)[]) d[k] = Number((after[k] - before[k]).toFixed(2));
  return d;
}
