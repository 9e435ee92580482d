import { randomUUID } from 'node:crypto';
import { EVALUATORS_TABLE, insertRows, type Store } from '@watchllm/collector';
import { type Claim, claimKey } from '../claimed-insert.js';
import { readRows } from '../reader/query.js';
import { ChangeQueue, changeTimes, type ChangeTimesRow, dateTime64Ms, dateTime64Us, latestRows, parseJson } from '../versioned-rows.js';
import type { EvaluatorDefinition, EvaluatorSpec } from './definition.js';

interface EvaluatorRow extends ChangeTimesRow {
  ProjectId: string;
  Name: string;
  Id: string;
  Definition: string;
  IsDeleted: number | string;
}

/** An evaluator with the project it scores (what the worker reads across projects). */
export interface ProjectEvaluator extends EvaluatorDefinition {
  projectId: string;
}

/** A create whose name another evaluator has (or another service's create took at the same moment). */
export class EvaluatorConflict extends Error {}

const COLUMNS = ['Id', 'Definition'] as const;

/**
 * Evaluator definitions, rows per change as migration 18 keeps them (reads take each name's latest
 * row). A create claims its name across query services (claimKey); changes to one evaluator are made
 * one at a time in this process, and are last-writer-wins across services.
 */
export class EvaluatorStore {
  private readonly changes = new ChangeQueue();

  constructor(private readonly store: Store) {}

  private get table(): string {
    return this.store.table(EVALUATORS_TABLE);
  }

  async list(projectId: string): Promise<EvaluatorDefinition[]> {
    const rows = await readRows<EvaluatorRow>(this.store, `${latestRows(this.table, ['ProjectId', 'Name'], COLUMNS)} ORDER BY Name`, { projectId });
    return rows.map(toDefinition);
  }

  async get(projectId: string, name: string): Promise<EvaluatorDefinition | undefined> {
    const [row] = await this.latest(projectId, name);
    return row && Number(row.IsDeleted) === 0 ? toDefinition(row) : undefined;
  }

  /** The enabled evaluators of every project (the worker's round). */
  async enabledEverywhere(): Promise<ProjectEvaluator[]> {
    const rows = await readRows<EvaluatorRow>(
      this.store,
      `SELECT ProjectId, Name, argMax(Id, UpdatedAt) AS Id, argMax(Definition, UpdatedAt) AS Definition,
              toString(toUnixTimestamp64Milli(min(CreatedAt))) AS CreatedMs, toString(toUnixTimestamp64Micro(max(UpdatedAt))) AS UpdatedUs,
              argMax(Deleted, UpdatedAt) AS IsDeleted
       FROM ${this.table} GROUP BY ProjectId, Name HAVING IsDeleted = 0`,
      {},
    );
    return rows.map((r) => ({ ...toDefinition(r), projectId: r.ProjectId })).filter((d) => d.enabled);
  }

  /** A new evaluator; EvaluatorConflict when the name is taken. */
  create(projectId: string, name: string, spec: EvaluatorSpec): Promise<EvaluatorDefinition> {
    return this.serialized(projectId, name, async () => {
      const [old] = await this.latest(projectId, name);
      if (old && Number(old.IsDeleted) === 0) throw new EvaluatorConflict(`evaluator "${name}" exists; change it with PATCH /api/v1/evaluators/{name}`);
      // Later than the deleted one's rows: a name deleted and created again claims afresh.
      const updatedUs = this.changes.nextUpdateUs(Number(old?.UpdatedUs ?? 0));
      const id = randomUUID();
      const created: EvaluatorDefinition = { name, ...spec, createdAtMs: Math.floor(updatedUs / 1000), updatedAtMs: Math.floor(updatedUs / 1000) };
      const claim: Claim = {
        table: EVALUATORS_TABLE,
        where: 'ProjectId = {projectId:String} AND Name = {name:String}',
        params: { projectId, name },
        idColumn: 'Id',
        id,
        afterUs: old?.UpdatedUs ?? '0',
      };
      if (!(await claimKey(this.store, claim, [this.row(projectId, id, created, updatedUs, false)]))) {
        throw new EvaluatorConflict(`evaluator "${name}" was created by another request at the same moment`);
      }
      return created;
    });
  }

  /** Replaces an evaluator's definition with what `change` makes of it; undefined when there is none. */
  update(projectId: string, name: string, change: (old: EvaluatorDefinition) => EvaluatorSpec): Promise<EvaluatorDefinition | undefined> {
    return this.serialized(projectId, name, async () => {
      const [old] = await this.latest(projectId, name);
      if (!old || Number(old.IsDeleted) !== 0) return undefined;
      const before = toDefinition(old);
      const updatedUs = this.changes.nextUpdateUs(Number(old.UpdatedUs));
      const next: EvaluatorDefinition = { ...before, ...change(before), name, updatedAtMs: Math.floor(updatedUs / 1000) };
      await insertRows(this.store, EVALUATORS_TABLE, [this.row(projectId, old.Id, next, updatedUs, false)]);
      return next;
    });
  }

  /** Deletes an evaluator (its scores stay); whether there was one. */
  remove(projectId: string, name: string): Promise<boolean> {
    return this.serialized(projectId, name, async () => {
      const [old] = await this.latest(projectId, name);
      if (!old || Number(old.IsDeleted) !== 0) return false;
      const updatedUs = this.changes.nextUpdateUs(Number(old.UpdatedUs));
      await insertRows(this.store, EVALUATORS_TABLE, [this.row(projectId, old.Id, toDefinition(old), updatedUs, true)]);
      return true;
    });
  }

  /** The name's latest row, deleted or not. */
  private latest(projectId: string, name: string): Promise<EvaluatorRow[]> {
    return readRows<EvaluatorRow>(this.store, latestRows(this.table, ['ProjectId', 'Name'], COLUMNS, 'Name = {name:String}', true), { projectId, name });
  }

  private row(projectId: string, id: string, d: EvaluatorDefinition, updatedUs: number, deleted: boolean): Record<string, unknown> {
    // The create time is kept in the definition: rows of a deleted evaluator of the same name are older.
    const stored: StoredSpec = { enabled: d.enabled, target: d.target, filters: d.filters, samplingRate: d.samplingRate, judge: d.judge, promptTemplate: d.promptTemplate, output: d.output, createdAtMs: d.createdAtMs };
    return { ProjectId: projectId, Name: d.name, Id: id, Definition: JSON.stringify(stored), CreatedAt: dateTime64Ms(d.createdAtMs), UpdatedAt: dateTime64Us(updatedUs), Deleted: deleted ? 1 : 0 };
  }

  private serialized<T>(projectId: string, name: string, change: () => Promise<T>): Promise<T> {
    return this.changes.serialized(`${projectId}\u0000${name}`, change);
  }
}

type StoredSpec = EvaluatorSpec & { createdAtMs: number };

function toDefinition(r: EvaluatorRow): EvaluatorDefinition {
  const { createdAtMs, ...spec } = parseJson(r.Definition) as StoredSpec;
  const times = changeTimes(r);
  return { name: r.Name, ...spec, createdAtMs: createdAtMs ?? times.createdAtMs, updatedAtMs: times.updatedAtMs };
}
