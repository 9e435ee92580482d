import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spool, spooledFileCount } from './spool.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'spool-unit-'));

/** The directory's files but those kept for reuse (`<n>.free`). */
const batchFiles = (dir: string) => readdirSync(dir).filter((n) => !n.endsWith('.free')).sort();

/** A spool in a fresh directory whose three batches of table t (tokens a, b, c) are grouped under token g. */
async function groupOfThree() {
  const dir = tmp();
  const spool = new Spool(dir, 1e9);
  await spool.append('t', 'a', '{"i":1}');
  await spool.append('t', 'b', '{"i":2}');
  await spool.append('t', 'c', '{"i":3}');
  return { dir, spool, group: await spool.seal(spool.head(1e9), 'g') };
}

describe('Spool', () => {
  it('groups consecutive batches of one table into one sealed insert, other tables keep their place', async () => {
    const spool = new Spool(tmp(), 1e9);
    await spool.append('t', 'a', '{"i":1}');
    await spool.append('logs', 'b', '{"l":1}');
    await spool.append('t', 'c', '{"i":2}');
    const run = spool.head(1e9);
    expect(run.map((e) => e.token)).toEqual(['a', 'c']);
    const merged = await spool.seal(run, 'merged');
    expect(merged).toMatchObject({ first: 1, last: 3, token: 'merged', sealed: true });
    expect(spool.read(merged).toString()).toBe('{"i":1}\n{"i":2}');
    expect(spool.size).toBe(2);
    // A sealed entry is never combined again: it replays alone with its token.
    await spool.append('t', 'd', '{"i":3}');
    expect(spool.head(1e9)).toEqual([merged]);
  });

  it('keeps a batch tried against the store (sealed) apart, and stops a run at the byte bound', async () => {
    const spool = new Spool(tmp(), 1e9);
    await spool.append('t', 'a', 'x'.repeat(10));
    await spool.append('t', 'b', 'y'.repeat(10), { sealed: true });
    await spool.append('t', 'c', 'z'.repeat(10));
    expect(spool.head(1e9).map((e) => e.token)).toEqual(['a']);
    const sealedA = await spool.seal(spool.head(1e9), 'unused');
    expect(sealedA.token).toBe('a'); // a single batch keeps the token it was spooled with
    await spool.remove(sealedA);
    expect(spool.head(1e9).map((e) => e.token)).toEqual(['b']);
    await spool.remove(spool.head(1e9)[0]);
    await spool.append('t', 'd', 'w'.repeat(10));
    expect(spool.head(15).map((e) => e.token)).toEqual(['c']);
  });

  it('after a crash, replays a group with its token and its members in order', async () => {
    const { dir, spool, group } = await groupOfThree();
    expect(group.files).toHaveLength(3);
    writeFileSync(join(dir, 'x.group.tmp'), 'half-written manifest'); // never completed: dropped
    const reopened = new Spool(dir, 1e9);
    expect(reopened.size).toBe(1);
    const again = reopened.head(1e9)[0];
    expect(again).toMatchObject({ first: 1, last: 3, token: 'g', sealed: true, bytes: 21 });
    expect(reopened.read(again).toString()).toBe('{"i":1}\n{"i":2}\n{"i":3}');
    await reopened.remove(again);
    expect(batchFiles(dir)).toEqual([]);
  });

  it('after a crash while removing an inserted group, drops what is left of it and keeps the rest', async () => {
    const dir = tmp();
    const spool = new Spool(dir, 1e9);
    await spool.append('t', 'a', '{"i":1}');
    await spool.append('t', 'b', '{"i":2}');
    const group = await spool.seal(spool.head(1e9), 'g');
    await spool.append('t', 'c', '{"i":3}');
    unlinkSync(group.files[0]); // the process died after removing one member
    const reopened = new Spool(dir, 1e9);
    expect(reopened.head(1e9)).toMatchObject([{ first: 3, token: 'c' }]);
    expect(batchFiles(dir)).toHaveLength(1);
  });

  it('reads the older layout: a merged copy supersedes the members a crash left behind', async () => {
    const dir = tmp();
    writeFileSync(join(dir, '000000000001-000000000001-t-a.jsonl'), '{"i":1}');
    writeFileSync(join(dir, '000000000002-000000000002-t-b.jsonl'), '{"i":2}');
    writeFileSync(join(dir, '000000000001-000000000002-t-m.sealed.jsonl'), '{"i":1}\n{"i":2}');
    writeFileSync(join(dir, '000000000007-t-old.jsonl'), '{"i":7}');
    const reopened = new Spool(dir, 1e9);
    expect(reopened.size).toBe(2);
    const first = reopened.head(1e9)[0];
    expect(first).toMatchObject({ first: 1, last: 2, token: 'm', sealed: true });
    await reopened.remove(first);
    expect(reopened.head(1e9)).toMatchObject([{ first: 7, token: 'old', sealed: true }]);
    expect(batchFiles(dir)).toEqual(['000000000007-t-old.jsonl']);
  });

  it('splits a refused group into its batches, each inserted alone, also after a restart', async () => {
    const { dir, spool, group } = await groupOfThree();
    const members = spool.split(group);
    expect(members.map((m) => [m.token, m.sealed, m.files.length])).toEqual([['a', true, 1], ['b', true, 1], ['c', true, 1]]);
    expect(spool.size).toBe(3);
    expect(spool.bytes).toBe(21);
    // One at a time: a split batch is never combined again.
    expect(spool.head(1e9)).toEqual([members[0]]);
    expect(readdirSync(dir).some((n) => n.endsWith('.group'))).toBe(false);
    expect(new Spool(dir, 1e9).head(1e9).map((e) => e.token)).toEqual(['a', 'b', 'c']);
  });

  it('sets a group with a member gone missing aside whole, keeping the members that are left', async () => {
    const { dir, spool, group } = await groupOfThree();
    unlinkSync(group.files[1]);
    expect(spool.split(group)).toEqual([group]);
    expect(spool.size).toBe(1);
    await spool.reject(group, 'refused');
    expect(readdirSync(join(dir, 'rejected')).filter((n) => !n.endsWith('.txt'))).toEqual([group.files[0], group.files[2]].map((f) => f.split('/').pop()));
    expect([spool.size, new Spool(dir, 1e9).size]).toEqual([0, 0]);
  });

  it('sets a refused batch aside in rejected/ with the reason, out of the drain, keeping the newest within its bound', async () => {
    const dir = tmp();
    const spool = new Spool(dir, 1e9, 25);
    for (const token of ['a', 'b', 'c']) await spool.append('t', token, `{"${token}":"${'x'.repeat(10)}"}`);
    const [a, b] = spool.head(1e9);
    const kept = await spool.reject(a, 'Cannot parse input');
    expect(kept).toEqual([join(dir, 'rejected', a.files[0].split('/').pop()!)]);
    expect(readFileSync(kept[0], 'utf8')).toContain('"a"');
    expect(readFileSync(`${kept[0]}.reason.txt`, 'utf8')).toBe('Cannot parse input\n');
    expect(spool.size).toBe(2);
    expect(spool.bytes).toBe(36);
    // Over the 25-byte bound: the older rejected batch goes, the newest stays even though it alone is over.
    await spool.reject(b, 'again');
    expect(readdirSync(join(dir, 'rejected')).sort()).toEqual([b.files[0].split('/').pop(), `${b.files[0].split('/').pop()}.reason.txt`].map((n) => n!));
    // A restart drains what is left, not what was set aside.
    expect(new Spool(dir, 1e9).head(1e9).map((e) => e.token)).toEqual(['c']);
    // Moved back by hand (its cause fixed), a set-aside batch replays at the next start, in its place.
    renameSync(join(dir, 'rejected', b.files[0].split('/').pop()!), b.files[0]);
    expect(new Spool(dir, 1e9).head(1e9).map((e) => e.token)).toEqual(['b', 'c']);
  });

  it('keeps the files of inserted batches for reuse: a new batch is written over one, whole, shorter or longer', async () => {
    const dir = tmp();
    const spool = new Spool(dir, 1e9);
    const long = await spool.append('t', 'a', 'x'.repeat(100));
    const short = await spool.append('t', 'b', 'y'.repeat(5));
    await spool.remove(long);
    await spool.remove(short);
    expect(readdirSync(dir).sort()).toEqual(['0.free', '1.free']);
    expect(spooledFileCount(dir)).toBe(0);
    // The last one set aside (b's, 5 bytes) takes a longer batch, then a's (100 bytes) a shorter one.
    const c = await spool.append('t', 'c', 'z'.repeat(20));
    const d = await spool.append('t', 'd', [Buffer.from('ab'), Buffer.from('c')], { ext: 'native' });
    expect(readdirSync(dir)).toHaveLength(2);
    expect(spooledFileCount(dir)).toBe(2);
    expect(spool.read(c).toString()).toBe('z'.repeat(20));
    expect(spool.read(d).toString()).toBe('abc');
    expect([c.bytes, d.bytes, spool.bytes]).toEqual([20, 3, 23]);
  });

  it('after a restart, reuses the files it had set aside and never reads one as a batch', async () => {
    const dir = tmp();
    const spool = new Spool(dir, 1e9);
    const a = await spool.append('t', 'a', 'old rows');
    await spool.append('t', 'b', 'waiting');
    await spool.remove(a);
    expect(readdirSync(dir).filter((n) => n.endsWith('.free'))).toEqual(['0.free']);
    expect(readFileSync(join(dir, '0.free'))).toHaveLength(0); // emptied: the disk holds only what waits
    writeFileSync(join(dir, '0.free'), 'a crash came before it was emptied');
    const reopened = new Spool(dir, 1e9);
    expect(readFileSync(join(dir, '0.free'))).toHaveLength(0);
    expect(reopened.head(1e9)).toMatchObject([{ token: 'b' }]);
    const c = await reopened.append('t', 'c', 'new');
    expect(reopened.read(c).toString()).toBe('new');
    expect(readdirSync(dir).filter((n) => n.endsWith('.free'))).toEqual([]);
    // Set aside again under a name not taken.
    await reopened.remove(c);
    expect(readdirSync(dir).filter((n) => n.endsWith('.free'))).toEqual(['1.free']);
  });

  it('sets aside at most 256 files, also when a group\'s files go at once; the rest of what was inserted is deleted', async () => {
    const dir = tmp();
    const spool = new Spool(dir, 1e9);
    for (let i = 0; i < 250; i++) await spool.remove(await spool.append('t', `a${i}`, `{"i":${i}}`));
    expect(readdirSync(dir)).toHaveLength(1); // each append took the file the last remove set aside
    const entries = [];
    for (let i = 0; i < 270; i++) entries.push(await spool.append('t', `b${i}`, `{"i":${i}}`));
    const group = await spool.seal(spool.head(1e9), 'g');
    expect(group.files).toHaveLength(270);
    await spool.remove(group);
    expect(readdirSync(dir)).toHaveLength(256);
    expect(spooledFileCount(dir)).toBe(0);
  });

  it('writes a body of binary pieces as one file of those bytes in order, counted whole', async () => {
    const spool = new Spool(tmp(), 1e9);
    const e = await spool.append('t', 'a', [Buffer.from('ab'), new Uint8Array([99, 100]), Buffer.from('e')], { ext: 'native' });
    expect(spool.read(e).toString()).toBe('abcde');
    expect(e.bytes).toBe(5);
    expect(spool.bytes).toBe(5);
  });

  it('refuses with a retryable overload when full, and frees the space of what was removed', async () => {
    const spool = new Spool(tmp(), 25);
    const e = await spool.append('t', 'a', 'x'.repeat(20));
    await expect(spool.append('t', 'b', 'y'.repeat(10))).rejects.toMatchObject({ reason: 'overloaded' });
    await spool.remove(e);
    await expect(spool.append('t', 'b', 'y'.repeat(10))).resolves.toMatchObject({ token: 'b' });
    expect(spool.bytes).toBe(10);
  });

  it('answers a failed write (a full or broken disk) with a retryable refusal and counts nothing', async () => {
    const dir = tmp();
    const spool = new Spool(dir, 1e9);
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'not a directory any more');
    await expect(spool.append('t', 'a', '{"i":1}')).rejects.toMatchObject({ reason: 'store_unavailable', retryAfterSeconds: 5, message: expect.stringMatching(/^cannot write the spool \(ENOTDIR/) });
    expect([spool.size, spool.bytes]).toEqual([0, 0]);
  });
});
