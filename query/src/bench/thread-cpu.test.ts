import { describe, expect, it } from 'vitest';
import { cpuBetween, threadCpu, withWorker, type ThreadSnapshot } from './thread-cpu.js';

const reading = (pid: number, threads: [tid: string, name: string, seconds: number][]): ThreadSnapshot => ({
  pid,
  threads: new Map(threads.map(([tid, name, seconds]) => [tid, { name, seconds }])),
});

describe('cpuBetween', () => {
  it('follows a thread the engine renamed between the readings', () => {
    const before = reading(1, [['1', 'node', 1], ['2', 'node', 0.5], ['3', 'ThreadPool', 10], ['4', 'MergeMutate', 2]]);
    const after = reading(1, [['1', 'node', 1.5], ['2', 'node', 0.75], ['3', 'RuntimeData', 12], ['4', 'MergeMutate', 3]]);
    expect(cpuBetween(before, after)).toEqual({ main: 0.5, worker: 0, helpers: 0.25, engineQueries: 2, engineMerges: 1 });
  });

  it('counts a thread that started between the readings from zero, by its name', () => {
    const before = reading(7, [['7', 'node', 1]]);
    const after = reading(7, [['7', 'node', 1], ['8', 'QueryCompPipeEx', 0.3], ['9', 'libuv-worker', 0.1]]);
    expect(cpuBetween(before, after)).toMatchObject({ engineQueries: 0.3, helpers: 0.1 });
  });

  it('moves the worker out of the helpers', () => {
    expect(withWorker({ main: 1, worker: 0, helpers: 3, engineQueries: 0, engineMerges: 0 }, 2.5)).toMatchObject({ worker: 2.5, helpers: 0.5 });
  });
});

describe('threadCpu', () => {
  it('reads this process: the main thread has used CPU', () => {
    const before = threadCpu(process.pid);
    // 50 ms of this thread's own CPU (not of the wall clock): /proc counts in 10 ms ticks.
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user < 50_000) Math.sqrt(Math.random());
    const cpu = cpuBetween(before, threadCpu(process.pid));
    if (process.platform === 'linux') expect(cpu.main).toBeGreaterThan(0);
  });
});
