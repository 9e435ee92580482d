import { randomUUID } from 'node:crypto';
import { DATASET_RUN_ITEMS_TABLE, DATASET_RUN_SCORES_TABLE, DATASET_RUNS_TABLE, insertRows, type Store } from '@watchllm/collector';
import { type Claim, claimKey } from '../claimed-insert.js';
import { Predicates, readPageAndTotal, readRows } from '../reader/query.js';
import { ChangeQueue, changeTimes, type ChangeTimesRow, dateTime64Ms, dateTime64Us, latestRows, parseJson } from '../versioned-rows.js';

/** An experiment run over a dataset. */
export interface DatasetRun {
  id: string;
  datasetId: string;
  name: string;
  description: string | null;
  metadata: unknown;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A dataset item linked to the trace (and observation) a run made of it; ids as the caller gave them. */
export interface RunItem {
  id: string;
  runId: string;
  datasetItemId: string;
  traceId: string;
  observationId: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A score on a run as a whole (Langfuse's run evaluators). */
export interface RunScore {
  id: string;
  runId: string;
  name: string;
  /** The number (NUMERIC, BOOLEAN 0 / 1); null for a CATEGORICAL score. */
  value: number | null;
  stringValue: string | null;
  dataType: 'NUMERIC' | 'CATEGORICAL' | 'BOOLEAN' | 'TEXT' | 'CORRECTION';
  comment: string | null;
  createdAtMs: number;
}

export interface RunLink {
  runName: string;
  /** Undefined: the run keeps its description / metadata (a new run has none). */
  runDescription?: string | null;
  metadata?: unknown;
  datasetItemId: string;
  traceId: string;
  observationId: string | null;
  /** When the item was run (default: now). */
  createdAtMs?: number;
}

interface RunRow extends ChangeTimesRow {
  DatasetId: string;
  Name: string;
  Id: string;
  Description: string;
  Metadata: string;
  IsDeleted: number;
}

interface RunItemRow extends ChangeTimesRow {
  RunId: string;
  Id: string;
  DatasetItemId: string;
  TraceId: string;
  ObservationId: string;
}

interface RunScoreRow extends ChangeTimesRow {
  RunId: string;
  Id: string;
  Name: string;
  Value: number | null;
  StringValue: string;
  DataType: RunScore['dataType'];
  Comment: string;
}

const RUN_COLUMNS = ['Description', 'Metadata'] as const;
const RUN_ITEM_COLUMNS = ['DatasetItemId', 'TraceId', 'ObservationId'] as const;
const RUN_SCORE_COLUMNS = ['Name', 'Value', 'StringValue', 'DataType', 'Comment'] as const;

/** How many times linking an item reads the run again after another query service made it first. */
const MAKE_RUN_ATTEMPTS = 5;

/**
 * Experiment runs over datasets: the runs, their items and run-level scores, rows per change as
 * migration 14 keeps them. A run is made by its first item; deleting it leaves its items and scores
 * unread (a run made again under the name is a new run). Query services making the same run at
 * the same moment (an experiment's items linked through several) each claim its name (claimKey):
 * one run is kept and every item links to it.
 */
export class RunStore {
  private readonly changes = new ChangeQueue();

  constructor(private readonly store: Store) {}

  async run(projectId: string, datasetId: string, name: string): Promise<DatasetRun | undefined> {
    const [row] = await readRows<RunRow>(this.store, this.runs('DatasetId = {datasetId:String} AND Name = {name:String}'), { projectId, datasetId, name });
    return row && toRun(row);
  }

  /** A run of any dataset of the project, by id (what a run-level score names). */
  async runById(projectId: string, id: string): Promise<DatasetRun | undefined> {
    const [row] = await readRows<RunRow>(this.store, this.runs('Id = {id:String}'), { projectId, id });
    return row && toRun(row);
  }

  /** A dataset's runs, the newest first; a page of them and how many there are. */
  async listRuns(projectId: string, datasetId: string, page: { limit: number; offset: number }): Promise<{ items: DatasetRun[]; total: number }> {
    const { rows, total } = await readPageAndTotal<RunRow>(this.store, this.runs('DatasetId = {datasetId:String}'), 'toInt64(CreatedMs) DESC, Name', { projectId, datasetId }, page);
    return { items: rows.map(toRun), total };
  }

  /** Links a dataset item to a run's trace; the run is made (or its description and metadata changed, where given). */
  link(projectId: string, datasetId: string, l: RunLink): Promise<{ run: DatasetRun; item: RunItem }> {
    return this.changes.serialized(`${projectId}\u0000${datasetId}\u0000${l.runName}`, async () => {
      const now = Date.now();
      let run = await this.madeRun(projectId, datasetId, l);
      const changed = (l.runDescription !== undefined && l.runDescription !== run.description) || (l.metadata !== undefined && JSON.stringify(l.metadata) !== JSON.stringify(run.metadata));
      if (changed) run = await this.writeRun(projectId, { ...run, description: l.runDescription !== undefined ? l.runDescription : run.description, metadata: l.metadata !== undefined ? l.metadata : run.metadata }, false);
      const updatedUs = this.changes.nextUpdateUs();
      const item: RunItem = { id: randomUUID(), runId: run.id, datasetItemId: l.datasetItemId, traceId: l.traceId, observationId: l.observationId, createdAtMs: l.createdAtMs ?? now, updatedAtMs: Math.floor(updatedUs / 1000) };
      await insertRows(this.store, DATASET_RUN_ITEMS_TABLE, [
        { ProjectId: projectId, DatasetId: datasetId, RunId: run.id, Id: item.id, DatasetItemId: item.datasetItemId, TraceId: item.traceId, ObservationId: item.observationId ?? '', CreatedAt: dateTime64Ms(item.createdAtMs), UpdatedAt: dateTime64Us(updatedUs), Deleted: 0 },
      ]);
      return { run, item };
    });
  }

  /** The run the link names, made with the link's description and metadata when there is none. */
  private async madeRun(projectId: string, datasetId: string, l: RunLink): Promise<DatasetRun> {
    const params = { projectId, datasetId, name: l.runName };
    for (let attempt = 1; attempt <= MAKE_RUN_ATTEMPTS; attempt++) {
      // The name's runs, deleted ones too, from one read: the name's last change is the state its next run claims it from.
      const rows = await readRows<RunRow>(this.store, this.runs('DatasetId = {datasetId:String} AND Name = {name:String}', true), params);
      const live = rows.find((r) => Number(r.IsDeleted) === 0);
      if (live) return toRun(live);
      const lastUs = Math.max(0, ...rows.map((r) => Number(r.UpdatedUs)));
      // Later than the name's rows, whichever process's clock stamped them, so the new run's row is the latest.
      const updatedUs = this.changes.nextUpdateUs(lastUs);
      const made: DatasetRun = { id: randomUUID(), datasetId, name: l.runName, description: l.runDescription ?? null, metadata: l.metadata ?? null, createdAtMs: Math.floor(updatedUs / 1000), updatedAtMs: Math.floor(updatedUs / 1000) };
      const claim: Claim = { table: DATASET_RUNS_TABLE, where: 'ProjectId = {projectId:String} AND DatasetId = {datasetId:String} AND Name = {name:String}', params, idColumn: 'Id', id: made.id, afterUs: String(lastUs) };
      if (await claimKey(this.store, claim, [runRow(projectId, made, false, updatedUs)])) return made;
      // Another service made the run: the next read finds it (and this link's description, if any, changes it).
    }
    throw new Error(`dataset run "${l.runName}": made and deleted by others ${MAKE_RUN_ATTEMPTS} times while this link read it; try again`);
  }

  /** Deletes a run; false when there is none. */
  deleteRun(projectId: string, datasetId: string, name: string): Promise<boolean> {
    return this.changes.serialized(`${projectId}\u0000${datasetId}\u0000${name}`, async () => {
      const run = await this.run(projectId, datasetId, name);
      if (run) await this.writeRun(projectId, run, true);
      return run !== undefined;
    });
  }

  /** Items of these runs of a dataset, oldest first; a page of them (all, without `page`) and how many there are. */
  async runItems(projectId: string, datasetId: string, runIds: string[], page?: { limit: number; offset: number }): Promise<{ items: RunItem[]; total: number }> {
    if (runIds.length === 0) return { items: [], total: 0 };
    const source = latestRows(this.store.table(DATASET_RUN_ITEMS_TABLE), ['DatasetId', 'RunId', 'Id'], RUN_ITEM_COLUMNS, 'DatasetId = {datasetId:String} AND RunId IN {runIds:Array(String)}');
    const params = { projectId, datasetId, runIds };
    const { rows, total } = await readPageAndTotal<RunItemRow>(this.store, source, 'toInt64(CreatedMs), Id', params, page ?? { limit: MAX_RUN_ITEMS, offset: 0 });
    return { items: rows.map(toRunItem), total };
  }

  /** Keeps a run-level score (the same id again replaces it). */
  async addScore(projectId: string, run: DatasetRun, score: Omit<RunScore, 'runId' | 'createdAtMs'>): Promise<void> {
    await insertRows(this.store, DATASET_RUN_SCORES_TABLE, [
      {
        ProjectId: projectId,
        DatasetId: run.datasetId,
        RunId: run.id,
        Id: score.id,
        Name: score.name,
        Value: score.value,
        StringValue: score.stringValue ?? '',
        DataType: score.dataType,
        Comment: score.comment ?? '',
        CreatedAt: dateTime64Ms(Date.now()),
        UpdatedAt: dateTime64Us(this.changes.nextUpdateUs()),
        Deleted: 0,
      },
    ]);
  }

  /** Run-level scores of these runs of a dataset, by name. */
  async scores(projectId: string, datasetId: string, runIds: string[]): Promise<RunScore[]> {
    if (runIds.length === 0) return [];
    const where = new Predicates({ projectId }).add('DatasetId = {} AND RunId IN {}', ['String', datasetId], ['Array(String)', runIds]);
    const rows = await readRows<RunScoreRow>(
      this.store,
      `${latestRows(this.store.table(DATASET_RUN_SCORES_TABLE), ['DatasetId', 'RunId', 'Id'], RUN_SCORE_COLUMNS, where.sql())} ORDER BY Name, Id`,
      where.params,
    );
    return rows.map((r) => ({
      id: r.Id,
      runId: r.RunId,
      name: r.Name,
      value: r.Value === null ? null : Number(r.Value),
      stringValue: r.StringValue || null,
      dataType: r.DataType,
      comment: r.Comment || null,
      createdAtMs: Number(r.CreatedMs),
    }));
  }

  private async writeRun(projectId: string, run: DatasetRun, deleted: boolean): Promise<DatasetRun> {
    const updatedUs = this.changes.nextUpdateUs();
    await insertRows(this.store, DATASET_RUNS_TABLE, [runRow(projectId, run, deleted, updatedUs)]);
    return { ...run, updatedAtMs: Math.floor(updatedUs / 1000) };
  }

  private runs(where: string, withDeleted = false): string {
    return latestRows(this.store.table(DATASET_RUNS_TABLE), ['DatasetId', 'Name', 'Id'], RUN_COLUMNS, where, withDeleted);
  }
}

/** The most items a run's results are read for at once (a dataset of more is read a page at a time through Langfuse's API). */
export const MAX_RUN_ITEMS = 10_000;

function runRow(projectId: string, run: DatasetRun, deleted: boolean, updatedUs: number): Record<string, unknown> {
  return { ProjectId: projectId, DatasetId: run.datasetId, Name: run.name, Id: run.id, Description: run.description ?? '', Metadata: JSON.stringify(run.metadata ?? null), CreatedAt: dateTime64Ms(run.createdAtMs), UpdatedAt: dateTime64Us(updatedUs), Deleted: deleted ? 1 : 0 };
}

function toRun(r: RunRow): DatasetRun {
  return { id: r.Id, datasetId: r.DatasetId, name: r.Name, description: r.Description || null, metadata: parseJson(r.Metadata), ...changeTimes(r) };
}

function toRunItem(r: RunItemRow): RunItem {
  return { id: r.Id, runId: r.RunId, datasetItemId: r.DatasetItemId, traceId: r.TraceId, observationId: r.ObservationId || null, ...changeTimes(r) };
}
