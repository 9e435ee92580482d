import type { ThreadCpu } from './thread-cpu.js';

/** What one end-to-end run spent: its spans, the collector process's CPU by thread group, and the bench's own senders. */
export interface RunCpu {
  spans: number;
  cpu: ThreadCpu;
  senderCpuSeconds: number;
}

/** Every CPU second a run cost the machine: the collector process's threads and the bench's senders. */
export function machineCpuSeconds(run: RunCpu): number {
  const c = run.cpu;
  return c.main + c.worker + c.helpers + c.engineQueries + c.engineMerges + run.senderCpuSeconds;
}

/** The most an end-to-end run could store with its measured CPU per span, against the engine-only ceiling. */
export interface RatioBound {
  /** µs of CPU per span: the collector (main thread, traces worker, GC / libuv helpers), the engine (inserts and merges), the bench's senders. */
  collectorUs: number;
  engineUs: number;
  senderUs: number;
  /** Stored spans/s if every core were busy for the whole run doing this work (no core ever idle). */
  fullMachineSpansPerSec: number;
  /** That rate over the ceiling: the highest ratio this CPU per span allows. */
  ratio: number;
  /** The collector's CPU per span at which `target` would just fit, the engine and senders costing what they did. */
  collectorBudgetUs: number;
}

/**
 * The ratio's upper bound from CPU alone. Every span costs the machine collector + engine + sender
 * CPU; `cores` cores can do no more than cores / that per second, whatever the overlap. So the
 * end-to-end rate over the ceiling can't pass that rate over the ceiling, and `target` needs the
 * collector to fit in what the cores have left per span at target × ceiling.
 */
export function ratioBound(run: RunCpu, ceilingRowsPerSec: number, cores: number, target: number): RatioBound {
  const perSpanUs = (seconds: number) => (seconds / run.spans) * 1e6;
  const c = run.cpu;
  const collectorUs = perSpanUs(c.main + c.worker + c.helpers);
  const engineUs = perSpanUs(c.engineQueries + c.engineMerges);
  const senderUs = perSpanUs(run.senderCpuSeconds);
  const fullMachineSpansPerSec = (cores * 1e6) / perSpanUs(machineCpuSeconds(run));
  const usPerSpanAtTarget = (cores * 1e6) / (target * ceilingRowsPerSec);
  return {
    collectorUs,
    engineUs,
    senderUs,
    fullMachineSpansPerSec,
    ratio: fullMachineSpansPerSec / ceilingRowsPerSec,
    collectorBudgetUs: usPerSpanAtTarget - engineUs - senderUs,
  };
}
