import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the bench's runs keep their stores, spools and pre-encoded files: deleted when the bench
 * ends rather than after each run. On ext4 without a journal (this sandbox's disk) creating a file
 * scans past every inode freed in the last minutes — measured at up to ~1 ms of CPU per file after
 * a run's clean-up, against ~30 µs on a quiet disk — so deleting one run's few thousand files
 * taxed every part and spool file of the runs after it: rounds measured each other's clean-up.
 * With less than `MIN_FREE_BYTES` free on the disk a run's files go at once, as before.
 */
const MIN_FREE_BYTES = 16 * 2 ** 30;

const pending: string[] = [];

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A run is done with `dir`: deleted now if the disk is short of space, else when the bench exits. */
export function releaseScratchDir(dir: string): void {
  if (freeBytes(dir) < MIN_FREE_BYTES) rmSync(dir, { recursive: true, force: true });
  else pending.push(dir);
}

function freeBytes(path: string): number {
  try {
    const s = statfsSync(path);
    return s.bavail * s.bsize;
  } catch {
    return 0;
  }
}

/** Deletes every released directory now (at the end of the ingest part, and when the bench exits). */
export function removeScratchDirs(): void {
  for (const dir of pending.splice(0)) rmSync(dir, { recursive: true, force: true });
}

process.once('exit', removeScratchDirs);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    removeScratchDirs();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}
