// Over 300 lines on purpose: the reads and the three changes share the stored row shape and the create claim; split apart they would export those internals to each other.
import { createHash, randomUUID } from 'node:crypto';
import { insertRows, PROMPTS_TABLE, type Store } from '@watchllm/collector';
import { type Claim, claimKey } from '../claimed-insert.js';
import { Predicates, readPageAndTotal, readRows } from '../reader/query.js';
import { ChangeQueue, dateTime64Ms, dateTime64Us, latestRows, parseJson } from '../versioned-rows.js';

export type PromptType = 'text' | 'chat';

/** One prompt version as it stands now (its latest row). */
export interface PromptVersion {
  name: string;
  version: number;
  type: PromptType;
  /** A string (text) or a list of messages and placeholders (chat). */
  prompt: unknown;
  config: unknown;
  /** Labels stored on the version; "latest" is not stored, the newest version has it. */
  labels: string[];
  tags: string[];
  commitMessage: string;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface NewPromptVersion {
  name: string;
  type: PromptType;
  prompt: unknown;
  config: unknown;
  labels: string[];
  /** Undefined: the prompt keeps its tags. */
  tags?: string[];
  commitMessage: string;
}

/** A prompt with its versions, as a list shows it. */
export interface PromptSummary {
  name: string;
  type: PromptType;
  versions: number[];
  labels: string[];
  tags: string[];
  lastUpdatedAtMs: number;
  lastConfig: unknown;
}

export interface PromptListFilter {
  name?: string;
  label?: string;
  tag?: string;
  fromUpdatedMs?: number;
  toUpdatedMs?: number;
  limit: number;
  offset: number;
}

/** A stable id for a version (Langfuse's are opaque strings): its prompt responses' `id`, and observations' `promptId`. */
export const promptVersionId = (projectId: string, name: string, version: number) =>
  createHash('sha256').update(`${projectId}\u0000${name}\u0000${version}`).digest('hex').slice(0, 25);

/** The label every prompt's newest version carries without storing it. */
export const LATEST = 'latest';

/** A version as its latest row has it. */
interface StoredVersion extends PromptVersion {
  /** The create that numbered it, on every row of it (empty before migration 16): who won a claimed number. */
  createId: string;
  deleted: boolean;
  updatedUs: number;
}

interface VersionRow {
  Name: string;
  Version: number;
  Type: PromptType;
  Prompt: string;
  Config: string;
  CommitMessage: string;
  Labels: string[];
  Tags: string[];
  CreateId: string;
  CreatedMs: string;
  UpdatedUs: string;
  IsDeleted: number;
}

const VERSION_COLUMNS = ['Type', 'Prompt', 'Config', 'CommitMessage', 'Labels', 'Tags', 'CreateId'] as const;

/** Each version's latest row, deleted ones left out unless `withDeleted`; `where` narrows the rows first. */
const CURRENT_VERSIONS = (table: string, where: string, withDeleted = false) => latestRows(table, ['Name', 'Version'], VERSION_COLUMNS, where, withDeleted);

/**
 * How many times a create takes the next number after another query service took the one it chose.
 * Not a few: a service creating versions of the prompt back to back can win round after round (it
 * reads first), and the others number theirs after each of its versions until its queue drains.
 */
const CREATE_ATTEMPTS = 20;

/**
 * Prompt versions in the store: reads take each version's latest row; every change writes new
 * rows for the versions it touches (see migration 12). Changes to one prompt are made one at a
 * time in this process. Query services creating versions of one prompt at the same moment each
 * claim the number they chose (claimKey): one keeps it, the others number theirs after it. Label
 * changes and deletes are last-writer-wins across services.
 */
export class PromptStore {
  private readonly changes = new ChangeQueue();

  constructor(private readonly store: Store) {}

  private get table(): string {
    return this.store.table(PROMPTS_TABLE);
  }

  /** A prompt's versions, oldest first. */
  versions(projectId: string, name: string): Promise<PromptVersion[]> {
    return this.live(projectId, name);
  }

  /** A new version numbered after the newest; its labels move to it from older versions, given tags apply to every version. */
  create(projectId: string, input: NewPromptVersion): Promise<PromptVersion> {
    return this.serialized(projectId, input.name, async () => {
      let taken = 0;
      for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
        const outcome = await this.tryCreate(projectId, input);
        if ('created' in outcome) return outcome.created;
        taken = outcome.taken;
      }
      throw new PromptConflict(`prompt "${input.name}": other creates at the same moment took the number this one chose ${CREATE_ATTEMPTS} times (last: version ${taken}); try again`);
    });
  }

  /** Numbers a version after the newest and claims the number; the number when another create holds it. */
  private async tryCreate(projectId: string, input: NewPromptVersion): Promise<{ created: PromptVersion } | { taken: number }> {
    // Live and deleted versions from one read: a deleted number's last change is the state its next create claims it from.
    const stored = await this.stored(projectId, input.name);
    const all = stored.filter((v) => !v.deleted);
    if (all.length > 0 && all[0].type !== input.type) {
      throw new PromptConflict(`prompt "${input.name}" is a ${all[0].type} prompt; a new version must be one too`);
    }
    const version = (all.at(-1)?.version ?? 0) + 1;
    // Later than every row read, whichever process's clock stamped them, so the new rows are the latest.
    const updatedUs = this.changes.nextUpdateUs(Math.max(0, ...stored.map((v) => v.updatedUs)));
    const created: StoredVersion = {
      name: input.name,
      version,
      type: input.type,
      prompt: input.prompt,
      config: input.config,
      labels: input.labels,
      tags: input.tags ?? all.at(-1)?.tags ?? [],
      commitMessage: input.commitMessage,
      createdAtMs: Math.floor(updatedUs / 1000),
      updatedAtMs: Math.floor(updatedUs / 1000),
      createId: randomUUID(),
      deleted: false,
      updatedUs,
    };
    const claim: Claim = {
      table: PROMPTS_TABLE,
      where: 'ProjectId = {projectId:String} AND Name = {name:String} AND Version = {version:UInt32}',
      params: { projectId, name: input.name, version },
      idColumn: 'CreateId',
      id: created.createId,
      afterUs: String(stored.find((v) => v.version === version)?.updatedUs ?? 0),
    };
    // One insert with the labels it moves: a create that loses its number loses them too, and tries again from what won.
    const won = await claimKey(this.store, claim, this.rows(projectId, [...relabeled(all, input.labels, created.tags), created], false, updatedUs));
    return won ? { created } : { taken: version };
  }

  /** Sets a version's labels, taking them off the other versions; undefined when there is no such version. */
  setLabels(projectId: string, name: string, version: number, labels: string[]): Promise<PromptVersion | undefined> {
    return this.serialized(projectId, name, async () => {
      const all = await this.live(projectId, name);
      const target = all.find((v) => v.version === version);
      if (!target) return undefined;
      const updated = { ...target, labels };
      await this.write(projectId, [...relabeled(all.filter((v) => v !== target), labels), updated]);
      return updated;
    });
  }

  /** Deletes every version, or the one numbered `version`, or those labelled `label`; how many went. */
  remove(projectId: string, name: string, which: { version?: number; label?: string }): Promise<number> {
    return this.serialized(projectId, name, async () => {
      const all = await this.live(projectId, name);
      // A label is on one version at most (setting it takes it off the others), so a version or a label names one.
      const named = which.version === undefined && which.label === undefined ? undefined : pickVersion(all, which);
      const gone = which.version === undefined && which.label === undefined ? all : named ? [named] : [];
      await this.write(projectId, gone, true);
      return gone.length;
    });
  }

  /** Prompts with their versions, by name, page-numbered; a filter keeps the versions that match it. */
  async list(projectId: string, f: PromptListFilter): Promise<{ items: PromptSummary[]; total: number }> {
    const params = { projectId };
    const where = new Predicates(params);
    if (f.name !== undefined) where.add('Name = {}', ['String', f.name]);
    const having = new Predicates(params);
    // Every prompt has a newest version: "latest" filters nothing.
    if (f.label !== undefined && f.label !== LATEST) having.add('has(Labels, {})', ['String', f.label]);
    if (f.tag !== undefined) having.add('has(Tags, {})', ['String', f.tag]);
    if (f.fromUpdatedMs !== undefined) having.add('toInt64(UpdatedUs) >= {}', ['Int64', f.fromUpdatedMs * 1000]);
    if (f.toUpdatedMs !== undefined) having.add('toInt64(UpdatedUs) < {}', ['Int64', f.toUpdatedMs * 1000]);
    const versions = `SELECT * FROM (${CURRENT_VERSIONS(this.table, where.sql())}) WHERE ${having.sql()}`;
    const prompts = `
      SELECT Name, any(Type) AS Type, arraySort(groupArray(Version)) AS Versions, arraySort(arrayDistinct(arrayFlatten(groupArray(Labels)))) AS AllLabels,
             argMax(Tags, Version) AS CurrentTags, max(toInt64(UpdatedUs)) AS LastUs, argMax(Config, Version) AS LastConfig
      FROM (${versions}) GROUP BY Name`;
    const { rows, total } = await readPageAndTotal<{ Name: string; Type: PromptType; Versions: number[]; AllLabels: string[]; CurrentTags: string[]; LastUs: string; LastConfig: string }>(
      this.store,
      prompts,
      'Name',
      params,
      { limit: f.limit, offset: f.offset },
    );
    // "latest" is not stored: the newest version of each prompt has it.
    const newest = await this.newestVersions(projectId, rows.map((r) => r.Name));
    return {
      total,
      items: rows.map((r) => ({
        name: r.Name,
        type: r.Type,
        versions: r.Versions.map(Number),
        labels: r.Versions.map(Number).includes(newest.get(r.Name) ?? -1) ? [...r.AllLabels, LATEST] : r.AllLabels,
        tags: r.CurrentTags,
        lastUpdatedAtMs: Math.floor(Number(r.LastUs) / 1000),
        lastConfig: parseJson(r.LastConfig),
      })),
    };
  }

  private async newestVersions(projectId: string, names: string[]): Promise<Map<string, number>> {
    if (names.length === 0) return new Map();
    const rows = await readRows<{ Name: string; Newest: number }>(
      this.store,
      `SELECT Name, max(Version) AS Newest FROM (${CURRENT_VERSIONS(this.table, 'Name IN {names:Array(String)}')}) GROUP BY Name`,
      { projectId, names },
    );
    return new Map(rows.map((r) => [r.Name, Number(r.Newest)]));
  }

  /** Every version's latest row, deleted ones too, oldest first. */
  private async stored(projectId: string, name: string): Promise<StoredVersion[]> {
    const rows = await readRows<VersionRow>(this.store, `${CURRENT_VERSIONS(this.table, 'Name = {name:String}', true)} ORDER BY Version`, { projectId, name });
    return rows.map(toVersion);
  }

  private async live(projectId: string, name: string): Promise<StoredVersion[]> {
    return (await this.stored(projectId, name)).filter((v) => !v.deleted);
  }

  private async write(projectId: string, versions: StoredVersion[], deleted = false): Promise<void> {
    await insertRows(this.store, PROMPTS_TABLE, this.rows(projectId, versions, deleted, this.changes.nextUpdateUs()));
  }

  private rows(projectId: string, versions: StoredVersion[], deleted: boolean, updatedUs: number): Record<string, unknown>[] {
    return versions.map((v) => ({
      ProjectId: projectId,
      Name: v.name,
      Version: v.version,
      Type: v.type,
      Prompt: JSON.stringify(v.prompt),
      Config: JSON.stringify(v.config ?? {}),
      CommitMessage: v.commitMessage,
      Labels: v.labels,
      Tags: v.tags,
      // A label change or a deletion keeps the create's id: the version is still the one that create numbered.
      CreateId: v.createId,
      CreatedAt: dateTime64Ms(v.createdAtMs),
      UpdatedAt: dateTime64Us(updatedUs),
      Deleted: deleted ? 1 : 0,
    }));
  }

  private serialized<T>(projectId: string, name: string, change: () => Promise<T>): Promise<T> {
    return this.changes.serialized(`${projectId}\u0000${name}`, change);
  }
}

/** One of a prompt's versions (oldest first): by number, else by label (default "production"; "latest": the newest). */
export function pickVersion<V extends PromptVersion>(all: V[], by: { version?: number; label?: string }): V | undefined {
  if (by.version !== undefined) return all.find((v) => v.version === by.version);
  const label = by.label ?? 'production';
  return label === LATEST ? all.at(-1) : all.find((v) => v.labels.includes(label));
}

/** Whether `version` is the newest of `all` (it then carries "latest"). */
export const isNewest = (all: PromptVersion[], version: PromptVersion) => all.at(-1)?.version === version.version;

/** A change the prompt's existing versions rule out (answered 409 where Langfuse would refuse it too). */
export class PromptConflict extends Error {}

/** The versions that held any of `labels`, without them (and with `tags`, when the prompt's tags change). */
function relabeled<V extends PromptVersion>(versions: V[], labels: string[], tags?: string[]): V[] {
  const out: V[] = [];
  for (const v of versions) {
    const kept = v.labels.filter((l) => !labels.includes(l));
    const retag = tags !== undefined && !sameList(v.tags, tags);
    if (kept.length !== v.labels.length || retag) out.push({ ...v, labels: kept, tags: tags ?? v.tags });
  }
  return out;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function toVersion(r: VersionRow): StoredVersion {
  return {
    name: r.Name,
    version: Number(r.Version),
    type: r.Type,
    prompt: parseJson(r.Prompt),
    config: parseJson(r.Config),
    labels: r.Labels,
    tags: r.Tags,
    commitMessage: r.CommitMessage,
    createdAtMs: Number(r.CreatedMs),
    updatedAtMs: Math.floor(Number(r.UpdatedUs) / 1000),
    createId: r.CreateId,
    deleted: Number(r.IsDeleted) === 1,
    updatedUs: Number(r.UpdatedUs),
  };
}
