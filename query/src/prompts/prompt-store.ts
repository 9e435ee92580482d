import { createHash } from 'node:crypto';
import { insertRows, PROMPTS_TABLE, type Store } from '@watchllm/collector';
import { Predicates, readPageAndTotal, readRows } from '../reader/query.js';
import { ChangeQueue, dateTime64Ms, dateTime64Us, parseJson } from '../versioned-rows.js';

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

interface VersionRow {
  Name: string;
  Version: number;
  Type: PromptType;
  Prompt: string;
  Config: string;
  CommitMessage: string;
  Labels: string[];
  Tags: string[];
  CreatedMs: string;
  UpdatedUs: string;
}

/** Each version's latest row, deleted ones left out; `{where}` narrows the rows first. */
const CURRENT_VERSIONS = (table: string, where: string) => `
  SELECT Name, Version, argMax(Type, UpdatedAt) AS Type, argMax(Prompt, UpdatedAt) AS Prompt, argMax(Config, UpdatedAt) AS Config,
         argMax(CommitMessage, UpdatedAt) AS CommitMessage, argMax(Labels, UpdatedAt) AS Labels, argMax(Tags, UpdatedAt) AS Tags,
         toString(toUnixTimestamp64Milli(min(CreatedAt))) AS CreatedMs, toString(toUnixTimestamp64Micro(max(UpdatedAt))) AS UpdatedUs,
         argMax(Deleted, UpdatedAt) AS IsDeleted
  FROM ${table} WHERE ProjectId = {projectId:String} AND ${where}
  GROUP BY Name, Version HAVING IsDeleted = 0`;

/**
 * Prompt versions in the store: reads take each version's latest row; every change writes new
 * rows for the versions it touches (see migration 12). Changes to one prompt are made one at a
 * time in this process; two query services changing the same prompt at the same moment could
 * both number a new version alike (the later row wins).
 */
export class PromptStore {
  private readonly changes = new ChangeQueue();

  constructor(private readonly store: Store) {}

  private get table(): string {
    return this.store.table(PROMPTS_TABLE);
  }

  /** A prompt's versions, oldest first. */
  async versions(projectId: string, name: string): Promise<PromptVersion[]> {
    const rows = await readRows<VersionRow>(this.store, `${CURRENT_VERSIONS(this.table, 'Name = {name:String}')} ORDER BY Version`, { projectId, name });
    return rows.map(toVersion);
  }

  /** A new version numbered after the newest; its labels move to it from older versions, given tags apply to every version. */
  create(projectId: string, input: NewPromptVersion): Promise<PromptVersion> {
    return this.serialized(projectId, input.name, async () => {
      const all = await this.versions(projectId, input.name);
      if (all.length > 0 && all[0].type !== input.type) {
        throw new PromptConflict(`prompt "${input.name}" is a ${all[0].type} prompt; a new version must be one too`);
      }
      const now = Date.now();
      const created: PromptVersion = {
        name: input.name,
        version: (all.at(-1)?.version ?? 0) + 1,
        type: input.type,
        prompt: input.prompt,
        config: input.config,
        labels: input.labels,
        tags: input.tags ?? all.at(-1)?.tags ?? [],
        commitMessage: input.commitMessage,
        createdAtMs: now,
        updatedAtMs: now,
      };
      await this.write(projectId, [...relabeled(all, input.labels, created.tags), created]);
      return created;
    });
  }

  /** Sets a version's labels, taking them off the other versions; undefined when there is no such version. */
  setLabels(projectId: string, name: string, version: number, labels: string[]): Promise<PromptVersion | undefined> {
    return this.serialized(projectId, name, async () => {
      const all = await this.versions(projectId, name);
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
      const all = await this.versions(projectId, name);
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

  private async write(projectId: string, versions: PromptVersion[], deleted = false): Promise<void> {
    const updatedUs = this.changes.nextUpdateUs();
    await insertRows(
      this.store,
      PROMPTS_TABLE,
      versions.map((v) => ({
        ProjectId: projectId,
        Name: v.name,
        Version: v.version,
        Type: v.type,
        Prompt: JSON.stringify(v.prompt),
        Config: JSON.stringify(v.config ?? {}),
        CommitMessage: v.commitMessage,
        Labels: v.labels,
        Tags: v.tags,
        CreatedAt: dateTime64Ms(v.createdAtMs),
        UpdatedAt: dateTime64Us(updatedUs),
        Deleted: deleted ? 1 : 0,
      })),
    );
  }

  private serialized<T>(projectId: string, name: string, change: () => Promise<T>): Promise<T> {
    return this.changes.serialized(`${projectId}\u0000${name}`, change);
  }
}

/** One of a prompt's versions (oldest first): by number, else by label (default "production"; "latest": the newest). */
export function pickVersion(all: PromptVersion[], by: { version?: number; label?: string }): PromptVersion | undefined {
  if (by.version !== undefined) return all.find((v) => v.version === by.version);
  const label = by.label ?? 'production';
  return label === LATEST ? all.at(-1) : all.find((v) => v.labels.includes(label));
}

/** Whether `version` is the newest of `all` (it then carries "latest"). */
export const isNewest = (all: PromptVersion[], version: PromptVersion) => all.at(-1)?.version === version.version;

/** A change the prompt's existing versions rule out (answered 409 where Langfuse would refuse it too). */
export class PromptConflict extends Error {}

/** The versions that held any of `labels`, without them (and with `tags`, when the prompt's tags change). */
function relabeled(versions: PromptVersion[], labels: string[], tags?: string[]): PromptVersion[] {
  const out: PromptVersion[] = [];
  for (const v of versions) {
    const kept = v.labels.filter((l) => !labels.includes(l));
    const retag = tags !== undefined && !sameList(v.tags, tags);
    if (kept.length !== v.labels.length || retag) out.push({ ...v, labels: kept, tags: tags ?? v.tags });
  }
  return out;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function toVersion(r: VersionRow): PromptVersion {
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
  };
}
