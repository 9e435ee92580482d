import { randomUUID } from 'node:crypto';
import { DATASET_ITEMS_TABLE, DATASETS_TABLE, insertRows, type Store } from '@watchllm/collector';
import { type Claim, claimKey } from '../claimed-insert.js';
import { Predicates, readPageAndTotal, readRows } from '../reader/query.js';
import { ChangeQueue, changeTimes, type ChangeTimesRow, dateTime64Ms, dateTime64Us, latestRows, parseJson } from '../versioned-rows.js';

export interface Dataset {
  id: string;
  name: string;
  description: string | null;
  metadata: unknown;
  createdAtMs: number;
  updatedAtMs: number;
}

export type ItemStatus = 'ACTIVE' | 'ARCHIVED';

export interface DatasetItem {
  id: string;
  datasetId: string;
  status: ItemStatus;
  input: unknown;
  expectedOutput: unknown;
  metadata: unknown;
  sourceTraceId: string | null;
  sourceObservationId: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A dataset created, or (by name) changed: what is undefined stays as it was. */
export interface DatasetInput {
  name: string;
  description?: string | null;
  metadata?: unknown;
}

/** An item created, or (by id) changed: what is undefined stays as it was. */
export interface ItemInput {
  id?: string;
  status?: ItemStatus;
  input?: unknown;
  expectedOutput?: unknown;
  metadata?: unknown;
  sourceTraceId?: string | null;
  sourceObservationId?: string | null;
}

export interface ItemFilter {
  datasetId?: string;
  sourceTraceId?: string;
  sourceObservationId?: string;
  /** Archived items too (Langfuse's lists show them; what counts an item does not). */
  archived: boolean;
  limit: number;
  offset: number;
}

/** A change the stored rows rule out (an item id another dataset has). */
export class DatasetConflict extends Error {}

interface DatasetRow extends ChangeTimesRow {
  Name: string;
  Id: string;
  Description: string;
  Metadata: string;
}

interface ItemRow extends ChangeTimesRow {
  DatasetId: string;
  Id: string;
  Status: ItemStatus;
  Input: string;
  ExpectedOutput: string;
  Metadata: string;
  SourceTraceId: string;
  SourceObservationId: string;
}

const DATASET_COLUMNS = ['Description', 'Metadata'] as const;
const ITEM_COLUMNS = ['Status', 'Input', 'ExpectedOutput', 'Metadata', 'SourceTraceId', 'SourceObservationId'] as const;
/** JSON `null` is how an absent value is stored (Langfuse answers null for it). */
const json = (v: unknown) => JSON.stringify(v ?? null);

/** How many times an upsert reads the dataset again after another query service made it first (a lagging replica may not show it yet). */
const MAKE_DATASET_ATTEMPTS = 3;

/**
 * Datasets and their items (Langfuse's datasets), rows per change as migration 14 keeps them.
 * Changes to one dataset, or one item, are made one at a time in this process.
 */
export class DatasetStore {
  private readonly changes = new ChangeQueue();

  constructor(private readonly store: Store) {}

  async dataset(projectId: string, name: string): Promise<Dataset | undefined> {
    const [row] = await readRows<DatasetRow>(this.store, this.datasets('Name = {name:String}'), { projectId, name });
    return row && toDataset(row);
  }

  async datasetById(projectId: string, id: string): Promise<Dataset | undefined> {
    const [row] = await readRows<DatasetRow>(this.store, this.datasets('Id = {id:String}'), { projectId, id });
    return row && toDataset(row);
  }

  async datasetsByIds(projectId: string, ids: string[]): Promise<Map<string, Dataset>> {
    if (ids.length === 0) return new Map();
    const rows = await readRows<DatasetRow>(this.store, this.datasets('Id IN {ids:Array(String)}'), { projectId, ids });
    return new Map(rows.map((r) => [r.Id, toDataset(r)]));
  }

  /** Datasets, the most recently changed first. */
  async listDatasets(projectId: string, page: { limit: number; offset: number }): Promise<{ items: Dataset[]; total: number }> {
    const { rows, total } = await readPageAndTotal<DatasetRow>(this.store, this.datasets(), 'toInt64(UpdatedUs) DESC, Name', { projectId }, page);
    return { items: rows.map(toDataset), total };
  }

  /**
   * Creates the dataset named, or changes its description and metadata (where given). Query services
   * creating it at the same moment each claim the name (claimKey): one dataset is made, and the
   * others' upserts change it.
   */
  upsertDataset(projectId: string, input: DatasetInput): Promise<Dataset> {
    return this.changes.serialized(`${projectId}\u0000dataset\u0000${input.name}`, async () => {
      for (let attempt = 1; attempt <= MAKE_DATASET_ATTEMPTS; attempt++) {
        const old = await this.dataset(projectId, input.name);
        const updatedUs = this.changes.nextUpdateUs();
        const next: Dataset = {
          id: old?.id ?? randomUUID(),
          name: input.name,
          description: input.description !== undefined ? input.description : (old?.description ?? null),
          metadata: input.metadata !== undefined ? input.metadata : (old?.metadata ?? null),
          createdAtMs: old?.createdAtMs ?? Math.floor(updatedUs / 1000),
          updatedAtMs: Math.floor(updatedUs / 1000),
        };
        const row = { ProjectId: projectId, Name: next.name, Id: next.id, Description: next.description ?? '', Metadata: json(next.metadata), CreatedAt: dateTime64Ms(next.createdAtMs), UpdatedAt: dateTime64Us(updatedUs), Deleted: 0 };
        if (old) {
          await insertRows(this.store, DATASETS_TABLE, [row]);
          return next;
        }
        // Datasets are never deleted: a name without rows is one that no create has claimed yet.
        const claim: Claim = { table: DATASETS_TABLE, where: 'ProjectId = {projectId:String} AND Name = {name:String}', params: { projectId, name: input.name }, idColumn: 'Id', id: next.id, afterUs: '0' };
        if (await claimKey(this.store, claim, [row])) return next;
        // Another service made it: the next read finds it, and this upsert changes it.
      }
      throw new Error(`dataset "${input.name}": made by another create, then not found ${MAKE_DATASET_ATTEMPTS} times; try again`);
    });
  }

  async item(projectId: string, id: string): Promise<DatasetItem | undefined> {
    const [row] = await readRows<ItemRow>(this.store, this.items('Id = {id:String}'), { projectId, id });
    return row && toItem(row);
  }

  /** Items, the newest first (as Langfuse lists them). */
  async listItems(projectId: string, f: ItemFilter): Promise<{ items: DatasetItem[]; total: number }> {
    const params = { projectId };
    const where = new Predicates(params);
    if (f.datasetId !== undefined) where.add('DatasetId = {}', ['String', f.datasetId]);
    const keep = new Predicates(params);
    if (f.sourceTraceId !== undefined) keep.add('SourceTraceId = {}', ['String', f.sourceTraceId]);
    if (f.sourceObservationId !== undefined) keep.add('SourceObservationId = {}', ['String', f.sourceObservationId]);
    if (!f.archived) keep.add("Status = 'ACTIVE'");
    const source = `SELECT * FROM (${this.items(where.sql())}) WHERE ${keep.sql()}`;
    const { rows, total } = await readPageAndTotal<ItemRow>(this.store, source, 'toInt64(CreatedMs) DESC, Id', params, f);
    return { items: rows.map(toItem), total };
  }

  /** Active items per dataset. */
  async itemCounts(projectId: string, datasetIds: string[]): Promise<Map<string, number>> {
    if (datasetIds.length === 0) return new Map();
    const rows = await readRows<{ DatasetId: string; N: string }>(
      this.store,
      `SELECT DatasetId, count() AS N FROM (${this.items('DatasetId IN {ids:Array(String)}')}) WHERE Status = 'ACTIVE' GROUP BY DatasetId`,
      { projectId, ids: datasetIds },
    );
    return new Map(rows.map((r) => [r.DatasetId, Number(r.N)]));
  }

  /** Creates an item of `datasetId` (a new id unless given), or changes the item with the id given (where given). */
  upsertItem(projectId: string, datasetId: string, input: ItemInput): Promise<DatasetItem> {
    const id = input.id ?? randomUUID();
    return this.changes.serialized(`${projectId}\u0000item\u0000${id}`, async () => {
      const old = input.id === undefined ? undefined : await this.item(projectId, id);
      if (old && old.datasetId !== datasetId) throw new DatasetConflict(`dataset item ${id.slice(0, 256)} belongs to another dataset; item ids are unique in a project`);
      const now = Date.now();
      const pick = <K extends keyof ItemInput & keyof DatasetItem>(k: K, fallback: DatasetItem[K]) => (input[k] !== undefined ? input[k] : (old?.[k] ?? fallback)) as DatasetItem[K];
      const next: DatasetItem = {
        id,
        datasetId,
        status: pick('status', 'ACTIVE'),
        input: pick('input', null),
        expectedOutput: pick('expectedOutput', null),
        metadata: pick('metadata', null),
        sourceTraceId: pick('sourceTraceId', null),
        sourceObservationId: pick('sourceObservationId', null),
        createdAtMs: old?.createdAtMs ?? now,
        updatedAtMs: now,
      };
      return this.writeItem(projectId, next, false);
    });
  }

  /** Deletes an item; undefined when there is none. */
  deleteItem(projectId: string, id: string): Promise<DatasetItem | undefined> {
    return this.changes.serialized(`${projectId}\u0000item\u0000${id}`, async () => {
      const old = await this.item(projectId, id);
      return old && this.writeItem(projectId, old, true);
    });
  }

  private async writeItem(projectId: string, item: DatasetItem, deleted: boolean): Promise<DatasetItem> {
    const updatedUs = this.changes.nextUpdateUs();
    await insertRows(this.store, DATASET_ITEMS_TABLE, [
      {
        ProjectId: projectId,
        DatasetId: item.datasetId,
        Id: item.id,
        Status: item.status,
        Input: json(item.input),
        ExpectedOutput: json(item.expectedOutput),
        Metadata: json(item.metadata),
        SourceTraceId: item.sourceTraceId ?? '',
        SourceObservationId: item.sourceObservationId ?? '',
        CreatedAt: dateTime64Ms(item.createdAtMs),
        UpdatedAt: dateTime64Us(updatedUs),
        Deleted: deleted ? 1 : 0,
      },
    ]);
    return { ...item, updatedAtMs: Math.floor(updatedUs / 1000) };
  }

  private datasets(where?: string): string {
    return latestRows(this.store.table(DATASETS_TABLE), ['Name', 'Id'], DATASET_COLUMNS, where);
  }

  private items(where?: string): string {
    return latestRows(this.store.table(DATASET_ITEMS_TABLE), ['DatasetId', 'Id'], ITEM_COLUMNS, where);
  }
}

function toDataset(r: DatasetRow): Dataset {
  return { id: r.Id, name: r.Name, description: r.Description || null, metadata: parseJson(r.Metadata), ...changeTimes(r) };
}

function toItem(r: ItemRow): DatasetItem {
  return {
    id: r.Id,
    datasetId: r.DatasetId,
    status: r.Status,
    input: parseJson(r.Input),
    expectedOutput: parseJson(r.ExpectedOutput),
    metadata: parseJson(r.Metadata),
    sourceTraceId: r.SourceTraceId || null,
    sourceObservationId: r.SourceObservationId || null,
    ...changeTimes(r),
  };
}
