import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectorySync } from './directory-sync.js';

/** A sync that ends when the test says so, recording when each began. */
function controlledSyncs() {
  const began: number[] = [];
  const finish: (() => void)[] = [];
  let clock = 0;
  const syncOnce = () =>
    new Promise<void>((resolve) => {
      began.push(clock);
      finish.push(resolve);
    });
  return { began, finish, syncOnce, tick: () => clock++ };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('DirectorySync', () => {
  it('runs one fsync when nothing else is syncing', async () => {
    const c = controlledSyncs();
    const ds = new DirectorySync('/d', c.syncOnce);
    const done = ds.sync();
    expect(c.began).toHaveLength(1);
    c.finish[0]();
    await done;
  });

  it('callers arriving during a sync share the next one, which starts only after it', async () => {
    const c = controlledSyncs();
    const ds = new DirectorySync('/d', c.syncOnce);
    const resolved: string[] = [];
    const first = ds.sync().then(() => resolved.push('first'));
    c.tick();
    const second = ds.sync().then(() => resolved.push('second'));
    const third = ds.sync().then(() => resolved.push('third'));
    await settle();
    // The later callers' changes may postdate the running sync: they must not ride on it.
    expect(c.began).toEqual([0]);
    c.finish[0]();
    await first;
    await settle();
    expect(resolved).toEqual(['first']);
    expect(c.began).toEqual([0, 1]);
    c.finish[1]();
    await Promise.all([second, third]);
    expect(resolved).toEqual(['first', 'second', 'third']);
    expect(c.began).toHaveLength(2);
  });

  it('a failed sync fails its callers only; the next callers get a sync of their own', async () => {
    let calls = 0;
    const ds = new DirectorySync('/d', async () => {
      calls++;
      await settle();
      if (calls === 1) throw new Error('EIO');
    });
    const first = ds.sync();
    const second = ds.sync();
    await expect(first).rejects.toThrow('EIO');
    await expect(second).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });

  it('fsyncs a real directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dirsync-'));
    await expect(new DirectorySync(dir).sync()).resolves.toBeUndefined();
  });
});
