import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RefusedError } from '../otlp/errors.js';

/** One batch waiting for the store: the exact insert it stands for, replayable with the same dedup token. */
export interface SpoolEntry {
  seq: number;
  table: string;
  token: string;
  bytes: number;
  createdMs: number;
  file: string;
}

const NAME = /^(\d{12})-([A-Za-z0-9_]+)-([A-Za-z0-9-]+)\.jsonl$/;

/**
 * A directory of batch files, one per spooled insert, named by sequence so they
 * drain in order. A file appears only after its bytes and its directory entry are
 * fsynced: once `append` resolves, a kill -9 cannot lose it.
 */
export class Spool {
  private entries: SpoolEntry[] = [];
  private total = 0;
  private nextSeq = 1;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir).sort()) {
      const m = NAME.exec(name);
      const file = join(dir, name);
      if (!m) {
        // Leftover temp file of an append that never completed: never acknowledged, safe to drop.
        if (name.endsWith('.tmp')) unlinkSync(file);
        continue;
      }
      const st = statSync(file);
      this.entries.push({ seq: Number(m[1]), table: m[2], token: m[3], bytes: st.size, createdMs: st.mtimeMs, file });
      this.total += st.size;
      this.nextSeq = Math.max(this.nextSeq, Number(m[1]) + 1);
    }
  }

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.length;
  }

  get oldestAgeMs(): number {
    return this.entries.length ? Date.now() - this.entries[0].createdMs : 0;
  }

  /** True when `bytes` more would not fit. */
  wouldOverflow(bytes: number): boolean {
    return this.total + bytes > this.maxBytes;
  }

  /** Durably appends one batch; throws a retryable refusal when the spool is full. */
  append(table: string, token: string, body: string): SpoolEntry {
    const bytes = Buffer.byteLength(body);
    if (this.wouldOverflow(bytes)) {
      throw new RefusedError('overloaded', `spool full (${this.total} of ${this.maxBytes} bytes) while the store is unavailable; retry later`, 5);
    }
    const seq = this.nextSeq++;
    const name = `${String(seq).padStart(12, '0')}-${table}-${token}.jsonl`;
    const file = join(this.dir, name);
    const tmp = `${file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, body);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    syncDir(this.dir);
    const entry: SpoolEntry = { seq, table, token, bytes, createdMs: Date.now(), file };
    this.entries.push(entry);
    this.total += bytes;
    return entry;
  }

  peek(): SpoolEntry | undefined {
    return this.entries[0];
  }

  read(entry: SpoolEntry): string {
    return readFileSync(entry.file, 'utf8');
  }

  /** Drops a batch once the store holds it. */
  remove(entry: SpoolEntry): void {
    const i = this.entries.indexOf(entry);
    if (i < 0) return;
    this.entries.splice(i, 1);
    this.total -= entry.bytes;
    unlinkSync(entry.file);
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
