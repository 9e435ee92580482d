import { randomUUID } from 'node:crypto';
import { SCORE_CONFIGS_TABLE, type Store } from '@watchllm/collector';
import { readPageAndTotal, readRows } from '../reader/query.js';
import { ChangeQueue, changeTimes, dateTime64Ms, insertChange, type ChangeTimesRow } from '../versioned-rows.js';
import type { ScoreConfig, ScoreConfigDataType, ScoreConfigFields } from './score-config.js';

interface Row extends ChangeTimesRow {
  Id: string;
  Name: string;
  DataType: ScoreConfigDataType;
  MinValue: number | null;
  MaxValue: number | null;
  CategoryLabels: string[];
  CategoryValues: number[];
  Description: string | null;
  Archived: number;
}

export interface ScoreConfigFilter {
  /** Archived configs too (Langfuse's list), or live ones alone (the UI's score forms). */
  withArchived: boolean;
  /** Created within [fromMs, toMs). */
  createdFromMs?: number;
  createdToMs?: number;
  order: 'newest' | 'name';
  limit: number;
  offset: number;
}

/**
 * Score configs of a project (migration 20): a row per change, the latest replacing the rest (ReplacingMergeTree,
 * read FINAL). Changes to one config are made one at a time in this process, so the last written is the latest.
 */
export class ScoreConfigStore {
  private readonly changes = new ChangeQueue();

  constructor(private readonly store: Store) {}

  async create(projectId: string, fields: ScoreConfigFields, nowMs = Date.now()): Promise<ScoreConfig> {
    const config: ScoreConfig = { ...fields, id: randomUUID(), isArchived: false, createdAtMs: nowMs, updatedAtMs: nowMs };
    return this.write(projectId, config);
  }

  async get(projectId: string, id: string): Promise<ScoreConfig | undefined> {
    const [row] = await readRows<Row>(this.store, this.select('Id = {id:String}'), { projectId, id });
    return row && toConfig(row);
  }

  /** A page of the project's configs matching `f`, and how many there are. */
  async list(projectId: string, f: ScoreConfigFilter): Promise<{ items: ScoreConfig[]; total: number }> {
    const where = [
      f.withArchived ? '1' : 'Archived = 0',
      f.createdFromMs === undefined ? '1' : 'CreatedAt >= fromUnixTimestamp64Milli({fromMs:Int64})',
      f.createdToMs === undefined ? '1' : 'CreatedAt < fromUnixTimestamp64Milli({toMs:Int64})',
    ].join(' AND ');
    const { rows, total } = await readPageAndTotal<Row>(
      this.store,
      this.select(where),
      // Langfuse lists newest first; a form lists by name.
      f.order === 'newest' ? 'toUInt64(CreatedMs) DESC, Id' : 'Name, Id',
      { projectId, fromMs: f.createdFromMs ?? 0, toMs: f.createdToMs ?? 0 },
      f,
    );
    return { items: rows.map(toConfig), total };
  }

  /** These configs of the project by id (the ones it has). */
  async byIds(projectId: string, ids: string[]): Promise<Map<string, ScoreConfig>> {
    if (ids.length === 0) return new Map();
    const rows = await readRows<Row>(this.store, this.select('Id IN {ids:Array(String)}'), { projectId, ids });
    return new Map(rows.map((r) => [r.Id, toConfig(r)]));
  }

  /**
   * Config `id` changed by `change` (which may refuse it by throwing; returning `current` itself is no change, nothing
   * written); undefined when the project has no such config.
   */
  update(projectId: string, id: string, change: (current: ScoreConfig) => ScoreConfig): Promise<ScoreConfig | undefined> {
    return this.changes.serialized(`${projectId}\u0000${id}`, async () => {
      const current = await this.get(projectId, id);
      if (!current) return undefined;
      const next = change(current);
      return next === current ? current : this.write(projectId, next);
    });
  }

  private select(where: string): string {
    return `SELECT Id, Name, DataType, MinValue, MaxValue, CategoryLabels, CategoryValues, Description, Archived,
                   toString(toUnixTimestamp64Milli(CreatedAt)) AS CreatedMs, toString(toUnixTimestamp64Micro(UpdatedAt)) AS UpdatedUs
              FROM ${this.store.table(SCORE_CONFIGS_TABLE)} FINAL
             WHERE ProjectId = {projectId:String} AND ${where}`;
  }

  /** Writes `c` as its latest row; returns it with the time written. */
  private async write(projectId: string, c: ScoreConfig): Promise<ScoreConfig> {
    const updatedAtMs = await insertChange(this.store, this.changes, SCORE_CONFIGS_TABLE, c.updatedAtMs, {
      ProjectId: projectId,
      Id: c.id,
      Name: c.name,
      DataType: c.dataType,
      MinValue: c.minValue,
      MaxValue: c.maxValue,
      CategoryLabels: (c.categories ?? []).map((x) => x.label),
      CategoryValues: (c.categories ?? []).map((x) => x.value),
      Description: c.description,
      Archived: c.isArchived ? 1 : 0,
      CreatedAt: dateTime64Ms(c.createdAtMs),
    });
    return { ...c, updatedAtMs };
  }
}

function toConfig(r: Row): ScoreConfig {
  // A NUMERIC config has no categories (null, as Langfuse answers); the others have theirs.
  const categories = r.DataType === 'NUMERIC' ? null : r.CategoryLabels.map((label, i) => ({ label, value: Number(r.CategoryValues[i]) }));
  return {
    id: r.Id,
    name: r.Name,
    dataType: r.DataType,
    minValue: r.MinValue === null ? null : Number(r.MinValue),
    maxValue: r.MaxValue === null ? null : Number(r.MaxValue),
    categories,
    description: r.Description,
    isArchived: r.Archived === 1,
    ...changeTimes(r),
  };
}
