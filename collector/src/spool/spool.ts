import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { mkdir, open, readdir, rename, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RefusedError } from '../otlp/errors.js';
import { DirectorySync, syncDirectory, syncDirectorySync } from './directory-sync.js';

/**
 * One spooled insert, replayable with the same dedup token. `first`..`last` are the
 * sequence numbers of the batches it holds: one batch, or consecutive batches of one
 * table grouped into a bigger insert.
 */
export interface SpoolEntry {
  first: number;
  last: number;
  table: string;
  token: string;
  /** File extension: which encoding the file holds. */
  ext: string;
  /**
   * The store may already hold this entry under its token (an insert was tried): it replays
   * alone with that token and is never combined again, or the store could not drop the repeat.
   */
  sealed: boolean;
  bytes: number;
  createdMs: number;
  /** The files holding its rows, in order: one batch's file, or the members of a group. */
  files: string[];
  /** A group's manifest (the list of its member files), durable before its insert is tried. */
  manifest?: string;
}

/** Whether `entry` holds the batch with sequence `seq` of `table` (alone or combined). */
export function entryHolds(entry: SpoolEntry, table: string, seq: number): boolean {
  return entry.table === table && entry.first <= seq && seq <= entry.last;
}

/**
 * Encoded rows as the store takes them: text, binary, or binary pieces that follow each other
 * (blocks encoded per request go to disk with one writev instead of being copied together first).
 */
export type SpoolBody = string | Uint8Array | readonly Uint8Array[];

export function spoolBodyBytes(body: SpoolBody): number {
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  let n = 0;
  for (const piece of body) n += piece.byteLength;
  return n;
}

/** The body as pieces that follow each other. */
export function bodyPieces(body: SpoolBody): readonly (string | Uint8Array)[] {
  return typeof body === 'string' || body instanceof Uint8Array ? [body] : body;
}

/** Writes a body as a new file; `sync`: fsynced before it is closed. */
export async function writeBodyFile(file: string, body: SpoolBody, sync: boolean): Promise<void> {
  const fh = await open(file, 'w');
  try {
    if (typeof body === 'string') await fh.write(body);
    else await fh.writev(bodyPieces(body) as Uint8Array[]);
    if (sync) await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Files set aside for reuse: `<n>.free`, empty, never a batch name, so neither a drain nor a restart reads one as a batch. */
const RECYCLED_EXT = '.free';
/**
 * Enough for the backlog of a burst (~90 files at the peak of a 100k-span burst of 500-span requests: with 64 kept,
 * the rest were deleted and created again by the next burst, each deletion slowing the disk's creates for minutes);
 * an empty file costs an inode. More are deleted.
 */
const RECYCLED_MAX = 256;

// `first-last-table-token[.sealed].ext`; files of an older layout carry only `first` (and may have been tried: sealed).
const NAME = /^(\d{12})(?:-(\d{12}))?-([A-Za-z0-9_]+)-([A-Za-z0-9-]+)(\.sealed)?\.(jsonl|native)$/;
const pad = (n: number) => String(n).padStart(12, '0');
// `first-last-table-token.group`: the member files of one insert, one name per line.
const GROUP = /^(\d{12})-(\d{12})-([A-Za-z0-9_]+)-([A-Za-z0-9-]+)\.group$/;

/**
 * A directory of batch files named by sequence, drained in order. A file appears
 * only after its bytes and its directory entry are fsynced: once `append` resolves,
 * a kill -9 cannot lose it. Grouping consecutive batches into one insert writes a
 * manifest naming them (the same way) before that insert is tried; a restart replays
 * the group with its token. (Files of an older layout, one merged copy of the members,
 * are still read: a restart that finds both keeps the merged one.)
 */
export class Spool {
  private entries: SpoolEntry[] = [];
  private total = 0;
  private nextSeq = 1;
  /** When the last batch was appended (epoch ms). */
  lastAppendMs = 0;
  /** Appends finishing together share one fsync of the directory. */
  private readonly dirSync: DirectorySync;
  /** Emptied files of inserted batches, kept for reuse (see `remove`): an append opens one instead of creating a file. */
  private readonly recycled: string[] = [];
  /** Files being set aside now: counted against RECYCLED_MAX before their rename finishes (a group's files go at once). */
  private settingAside = 0;
  private recycledCount = 0;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
    /** What `rejected/` keeps (see `reject`). */
    private readonly rejectedKeepBytes = REJECTED_KEEP_BYTES,
  ) {
    mkdirSync(dir, { recursive: true });
    this.dirSync = new DirectorySync(dir);
    const found = this.readGroups(readdirSync(dir).sort());
    const grouped = new Set(found.flatMap((g) => g.files));
    // Listed again: reading the groups may have removed what was left of inserted ones.
    for (const name of readdirSync(dir).sort()) {
      const m = NAME.exec(name);
      const file = join(dir, name);
      if (!m) {
        // Leftover temp file of an append or group manifest that never completed: never acknowledged, safe to drop.
        if (name.endsWith('.tmp')) unlinkSync(file);
        else if (name.endsWith(RECYCLED_EXT)) this.keepForReuse(file, name);
        continue;
      }
      if (grouped.has(file)) continue;
      found.push(batchEntry(file, m, statSync(file), Boolean(m[5]) || !m[2]));
    }
    // Widest ranges first: a merged file (older layout) supersedes members a crash left behind.
    found.sort((a, b) => a.first - b.first || b.last - a.last);
    for (const e of found) {
      const covered = this.entries.some((k) => k.table === e.table && k.first <= e.first && e.last <= k.last);
      if (covered) {
        for (const f of e.files) unlinkSync(f);
        continue;
      }
      this.entries.push(e);
      this.total += e.bytes;
      this.nextSeq = Math.max(this.nextSeq, e.last + 1);
    }
  }

  /**
   * Groups whose members are all here replay with the group's token. A group missing a member
   * had been inserted and was being removed: the rest of it goes too.
   */
  private readGroups(names: string[]): SpoolEntry[] {
    const groups: SpoolEntry[] = [];
    for (const name of names) {
      const g = GROUP.exec(name);
      if (!g) continue;
      const manifest = join(this.dir, name);
      const members = readFileSync(manifest, 'utf8').split('\n').filter(Boolean);
      const files = members.map((member) => join(this.dir, member));
      const stats = files.map((f) => statSync(f, { throwIfNoEntry: false }));
      const ext = NAME.exec(members[0] ?? '')?.[6];
      if (!ext || stats.some((st) => !st)) {
        for (const f of files) rmSync(f, { force: true });
        unlinkSync(manifest);
        continue;
      }
      const bytes = stats.reduce((n, st) => n + st!.size, 0);
      const createdMs = Math.min(...stats.map((st) => st!.mtimeMs));
      groups.push({ first: Number(g[1]), last: Number(g[2]), table: g[3], token: g[4], ext, sealed: true, bytes, createdMs, files, manifest });
    }
    return groups;
  }

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.length;
  }

  get oldestAgeMs(): number {
    return this.entries.length ? Date.now() - Math.min(...this.entries.slice(0, 8).map((e) => e.createdMs)) : 0;
  }

  /** True when `bytes` more would not fit. */
  wouldOverflow(bytes: number): boolean {
    return this.total + bytes > this.maxBytes;
  }

  /** A sequence number for a batch that may be spooled later, keeping its place in the drain order. */
  reserveSeq(): number {
    return this.nextSeq++;
  }

  /**
   * Durably appends one batch; throws a retryable refusal when the spool is full. `sealed`: an
   * insert with this token was already tried; `seq`: a place reserved before that try.
   */
  async append(table: string, token: string, body: SpoolBody, options: { ext?: string; seq?: number; sealed?: boolean } = {}): Promise<SpoolEntry> {
    const { ext = 'jsonl', seq = this.reserveSeq(), sealed = false } = options;
    const bytes = spoolBodyBytes(body);
    if (this.wouldOverflow(bytes)) {
      throw new RefusedError('overloaded', `spool full (${this.total} of ${this.maxBytes} bytes): the store is behind or unavailable; retry later`, 5);
    }
    // Counted before the write so concurrent appends can't overshoot the bound together.
    this.total += bytes;
    try {
      const file = await this.writeDurably(this.fileName(seq, seq, table, token, ext, sealed), body);
      this.lastAppendMs = Date.now();
      return this.add({ first: seq, last: seq, table, token, ext, sealed, bytes, createdMs: this.lastAppendMs, files: [file] });
    } catch (err) {
      this.total -= bytes;
      // A full or failing disk is the collector's trouble, not the sender's: a retryable 503, so
      // exporters keep the data and send it again (a 500 would make them drop it).
      throw new RefusedError('store_unavailable', `cannot write the spool (${(err as Error).message}); retry later`, 5, { cause: err });
    }
  }

  /**
   * The oldest entry and the later entries of its table that fit in `maxBytes` with it, in order.
   * Every entry of that table between the first and the last is included, which is what lets a
   * restart tell a combined file's leftover members by their sequence range.
   */
  head(maxBytes: number): SpoolEntry[] {
    const run: SpoolEntry[] = [];
    let bytes = 0;
    for (const e of this.entries) {
      if (run.length && e.table !== run[0].table) continue;
      if (run.length && (run[0].sealed || e.sealed || e.ext !== run[0].ext || bytes + e.bytes > maxBytes)) break;
      run.push(e);
      bytes += e.bytes;
    }
    return run;
  }

  /**
   * Prepares the head run for an insert: one sealed entry holding all of it, with the token
   * the insert will use (a single unsealed batch keeps its own token and is renamed sealed).
   */
  async seal(run: SpoolEntry[], token: string): Promise<SpoolEntry> {
    if (run.length > 1) return this.group(run, token);
    const e = run[0];
    if (e.sealed) return e;
    const file = join(this.dir, this.fileName(e.first, e.last, e.table, e.token, e.ext, true));
    await rename(e.files[0], file);
    await this.dirSync.sync();
    e.files = [file];
    e.sealed = true;
    return e;
  }

  /** Whether the batch with sequence `seq` of `table` is still waiting here. */
  holds(table: string, seq: number): boolean {
    return this.entries.some((e) => entryHolds(e, table, seq));
  }

  /** The sequence number of the newest batch of each table waiting here. */
  newestByTable(): Map<string, number> {
    const newest = new Map<string, number>();
    for (const e of this.entries) newest.set(e.table, Math.max(e.last, newest.get(e.table) ?? 0));
    return newest;
  }

  /** The bytes an insert of `entry` reads (JSON lines of a group's members separated by a newline). */
  read(entry: SpoolEntry): Buffer {
    const separator = Buffer.from(entry.ext === 'jsonl' ? '\n' : '');
    return Buffer.concat(entry.files.flatMap((f, i) => (i ? [separator, readFileSync(f)] : [readFileSync(f)])));
  }

  /**
   * Replaces consecutive entries of one table by one entry holding all their rows, so the
   * store gets one big insert, without copying them: a manifest names the members.
   *
   * Synchronous on purpose: it is two small fsyncs, while each await of an async version
   * waits behind the decoding of whole requests on a busy event loop. (Copying the members
   * into one file held the event loop ~55 ms per insert under load, measured.)
   */
  private group(members: SpoolEntry[], token: string): SpoolEntry {
    const first = members[0].first;
    const last = members[members.length - 1].last;
    const { table, ext } = members[0];
    const manifest = join(this.dir, this.fileName(first, last, table, token, 'group', false));
    const files = members.flatMap((m) => m.files);
    const tmp = `${manifest}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, files.map((f) => basename(f)).join('\n'));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, manifest);
    syncDirectorySync(this.dir);
    let bytes = 0;
    for (const m of members) {
      this.drop(m);
      bytes += m.bytes;
    }
    this.total += bytes;
    return this.add({ first, last, table, token, ext, sealed: true, bytes, createdMs: Math.min(...members.map((m) => m.createdMs)), files, manifest });
  }

  /**
   * Replaces a group whose insert the store refused (it wrote nothing) by its members, each to
   * be inserted alone, so one bad batch does not hold up the others. The manifest goes first: a
   * restart then finds the members as batches of their own.
   */
  split(group: SpoolEntry): SpoolEntry[] {
    if (!group.manifest || !this.entries.includes(group)) return [group];
    const members: SpoolEntry[] = [];
    for (const file of group.files) {
      const m = NAME.exec(basename(file));
      const st = statSync(file, { throwIfNoEntry: false });
      // A member gone missing: the group is set aside whole rather than half split.
      if (!m || !st) return [group];
      // Sealed: inserted alone, never combined again.
      members.push(batchEntry(file, m, st, true));
    }
    unlinkSync(group.manifest);
    syncDirectorySync(this.dir);
    this.drop(group);
    for (const member of members) {
      this.total += member.bytes;
      this.add(member);
    }
    return members;
  }

  /**
   * Sets aside a batch the store refuses as invalid rows: its file moves to `rejected/` with the
   * store's message beside it, for inspection (it is never retried). The directory keeps the
   * newest `rejectedKeepBytes` (64 MiB by default); older rejected batches are deleted.
   */
  async reject(entry: SpoolEntry, reason: string): Promise<string[]> {
    const dir = join(this.dir, REJECTED_DIR);
    await mkdir(dir, { recursive: true });
    const kept = entry.files.map((f) => join(dir, basename(f)));
    const reasonFile = `${kept[0]}.reason.txt`;
    await writeFile(reasonFile, `${reason}\n`);
    // A file already gone cannot be kept; the rest still is.
    for (let i = 0; i < kept.length; i++) await rename(entry.files[i], kept[i]).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
    if (entry.manifest) await unlink(entry.manifest);
    await syncDirectory(dir);
    await this.dirSync.sync();
    this.drop(entry);
    await pruneOldest(dir, this.rejectedKeepBytes, new Set([...kept, reasonFile].map((f) => basename(f))));
    return kept;
  }

  /**
   * Drops an entry once the store holds it (a file a crash leaves behind replays as a dropped
   * repeat). Its files are emptied and set aside for reuse, up to `RECYCLED_MAX`, rather than
   * deleted: on ext4 without a journal (this sandbox's disk) creating a file scans past every
   * inode freed in the last minutes, measured at 0.2–1 ms of CPU per file once batches churn.
   * A name renamed away is gone for a restart just as a deleted one is.
   */
  async remove(entry: SpoolEntry): Promise<void> {
    if (!this.drop(entry)) return;
    await Promise.all(entry.files.map((f) => this.discard(f)));
    // Last: while the manifest is here, a restart knows the members it finds were inserted.
    if (entry.manifest) await this.discard(entry.manifest);
  }

  /** Sets an inserted batch's file aside for reuse, emptied (what the spool holds on disk stays within its bound), or deletes it. */
  private async discard(file: string): Promise<void> {
    if (this.recycled.length + this.settingAside >= RECYCLED_MAX) return unlink(file);
    const aside = join(this.dir, `${this.recycledCount++}${RECYCLED_EXT}`);
    this.settingAside++;
    try {
      await rename(file, aside);
      await truncate(aside, 0);
      this.recycled.push(aside);
    } finally {
      this.settingAside--;
    }
  }

  /** At start: a file set aside before the restart (emptied again: a crash may have come before it was). */
  private keepForReuse(file: string, name: string): void {
    if (this.recycled.length >= RECYCLED_MAX) return unlinkSync(file);
    truncateSync(file, 0);
    this.recycled.push(file);
    this.recycledCount = Math.max(this.recycledCount, Number.parseInt(name, 10) + 1 || 0);
  }

  private drop(entry: SpoolEntry): boolean {
    const i = this.entries.indexOf(entry);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    this.total -= entry.bytes;
    return true;
  }

  /** Keeps entries in sequence order: a reserved sequence number may be appended late. */
  private add(entry: SpoolEntry): SpoolEntry {
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1].first > entry.first) i--;
    this.entries.splice(i, 0, entry);
    return entry;
  }

  private fileName(first: number, last: number, table: string, token: string, ext: string, sealed: boolean): string {
    return `${pad(first)}-${pad(last)}-${table}-${token}${sealed ? '.sealed' : ''}.${ext}`;
  }

  private async writeDurably(name: string, body: SpoolBody): Promise<string> {
    const file = join(this.dir, name);
    // Written under a name no drain or restart reads as a batch, then renamed: a file set aside by
    // `remove` if there is one (opening it allocates no inode; one a crash leaves half-written is
    // emptied at start), else a new `.tmp` file.
    const tmp = this.recycled.pop() ?? `${file}.tmp`;
    try {
      await writeBodyFile(tmp, body, true);
    } catch (err) {
      await unlink(tmp).catch(() => {}); // what a full disk let through is no use
      throw err;
    }
    await rename(tmp, file);
    await this.dirSync.sync();
    return file;
  }
}

/**
 * Batches and group manifests waiting in a spool directory, counted from its listing alone (0
 * when it does not exist): what a process watching another's spool (the bench) waits on.
 */
export function spooledFileCount(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  return names.filter((n) => NAME.test(n) || GROUP.test(n)).length;
}

/** The entry of one batch file, from its name (matched by NAME) and its stat. */
function batchEntry(file: string, name: RegExpExecArray, st: Stats, sealed: boolean): SpoolEntry {
  const first = Number(name[1]);
  return { first, last: name[2] ? Number(name[2]) : first, table: name[3], token: name[4], ext: name[6], sealed, bytes: st.size, createdMs: st.mtimeMs, files: [file] };
}

/** Where batches the store refused as invalid rows are kept (see `Spool.reject`). */
export const REJECTED_DIR = 'rejected';
const REJECTED_KEEP_BYTES = 64 * 2 ** 20;

/** Deletes the oldest files of `dir` (by name: sequence order), never those in `keep`, until it holds at most `keepBytes`. */
async function pruneOldest(dir: string, keepBytes: number, keep: Set<string>): Promise<void> {
  const names = (await readdir(dir)).sort();
  const sizes = await Promise.all(names.map(async (n) => (await stat(join(dir, n))).size));
  let total = sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; i < names.length && total > keepBytes; i++) {
    if (keep.has(names[i])) continue;
    await unlink(join(dir, names[i]));
    total -= sizes[i];
  }
}
