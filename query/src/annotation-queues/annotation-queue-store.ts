import { randomUUID } from 'node:crypto';
import { ANNOTATION_QUEUE_ITEMS_TABLE, ANNOTATION_QUEUES_TABLE, type Store } from '@watchllm/collector';
import { readPageAndTotal, readRows } from '../reader/query.js';
import { ChangeQueue, changeTimes, dateTime64Ms, insertChange, type ChangeTimesRow } from '../versioned-rows.js';
import type { AnnotationQueue, AnnotationQueueFields, QueueItem, QueueItemFields, QueueItemStatus, QueueObjectType } from './annotation-queue.js';

interface QueueRow extends ChangeTimesRow {
  Id: string;
  Name: string;
  Description: string | null;
  ScoreConfigIds: string[];
}

interface ItemRow extends ChangeTimesRow {
  Id: string;
  QueueId: string;
  ObjectType: QueueObjectType;
  ObjectId: string;
  Status: QueueItemStatus;
  CompletedMs: string | null;
}

export interface Page {
  limit: number;
  offset: number;
}

/** How many of a queue's items are left and done. */
export interface QueueCounts {
  pending: number;
  completed: number;
}

const TIMES = 'toString(toUnixTimestamp64Milli(CreatedAt)) AS CreatedMs, toString(toUnixTimestamp64Micro(UpdatedAt)) AS UpdatedUs';

/**
 * A project's annotation queues and their items (migration 22): a row per change, the latest replacing the rest
 * (ReplacingMergeTree by UpdatedAt, read FINAL); a deleted item's latest row says Deleted. Changes to one item are
 * made one at a time in this process.
 */
export class AnnotationQueueStore {
  private readonly changes = new ChangeQueue();

  constructor(private readonly store: Store) {}

  async createQueue(projectId: string, fields: AnnotationQueueFields, nowMs = Date.now()): Promise<AnnotationQueue> {
    const id = randomUUID();
    const updatedAtMs = await insertChange(this.store, this.changes, ANNOTATION_QUEUES_TABLE, nowMs - 1, {
      ProjectId: projectId,
      Id: id,
      Name: fields.name,
      Description: fields.description,
      ScoreConfigIds: fields.scoreConfigIds,
      CreatedAt: dateTime64Ms(nowMs),
    });
    return { ...fields, id, createdAtMs: nowMs, updatedAtMs };
  }

  async getQueue(projectId: string, id: string): Promise<AnnotationQueue | undefined> {
    const [row] = await readRows<QueueRow>(this.store, `${this.selectQueues()} AND Id = {id:String}`, { projectId, id });
    return row && toQueue(row);
  }

  /** A page of the project's queues, newest first, and how many there are. */
  async listQueues(projectId: string, page: Page): Promise<{ items: AnnotationQueue[]; total: number }> {
    const { rows, total } = await readPageAndTotal<QueueRow>(this.store, this.selectQueues(), 'toUInt64(CreatedMs) DESC, Id', { projectId }, page);
    return { items: rows.map(toQueue), total };
  }

  /** Pending and completed counts of these queues (a queue with no item has none in the map). */
  async counts(projectId: string, queueIds: string[]): Promise<Map<string, QueueCounts>> {
    if (queueIds.length === 0) return new Map();
    const rows = await readRows<{ QueueId: string; Pending: string; Completed: string }>(
      this.store,
      `SELECT QueueId, countIf(Status = 'PENDING') AS Pending, countIf(Status = 'COMPLETED') AS Completed
         FROM ${this.store.table(ANNOTATION_QUEUE_ITEMS_TABLE)} FINAL
        WHERE ProjectId = {projectId:String} AND QueueId IN {queueIds:Array(String)} AND Deleted = 0
        GROUP BY QueueId`,
      { projectId, queueIds },
    );
    return new Map(rows.map((r) => [r.QueueId, { pending: Number(r.Pending), completed: Number(r.Completed) }]));
  }

  async addItem(projectId: string, queueId: string, fields: QueueItemFields, nowMs = Date.now()): Promise<QueueItem> {
    const item: QueueItem = { ...fields, id: randomUUID(), queueId, completedAtMs: fields.status === 'COMPLETED' ? nowMs : null, createdAtMs: nowMs, updatedAtMs: nowMs };
    return this.writeItem(projectId, item, false);
  }

  async getItem(projectId: string, queueId: string, id: string): Promise<QueueItem | undefined> {
    const [row] = await readRows<ItemRow>(this.store, `${this.selectItems()} AND Id = {id:String}`, { projectId, queueId, id });
    return row && toItem(row);
  }

  /** A page of a queue's items, oldest first (the order people work through them), of one status if given. */
  async listItems(projectId: string, queueId: string, status: QueueItemStatus | undefined, page: Page): Promise<{ items: QueueItem[]; total: number }> {
    const where = status === undefined ? '' : ' AND Status = {status:String}';
    const { rows, total } = await readPageAndTotal<ItemRow>(this.store, this.selectItems() + where, 'toUInt64(CreatedMs), Id', { projectId, queueId, status: status ?? '' }, page);
    return { items: rows.map(toItem), total };
  }

  /** Item `id` changed by `change` (returning `current` itself writes nothing); undefined when the queue has no such item. */
  updateItem(projectId: string, queueId: string, id: string, change: (current: QueueItem) => QueueItem): Promise<QueueItem | undefined> {
    return this.changes.serialized(`${projectId}\u0000${queueId}\u0000${id}`, async () => {
      const current = await this.getItem(projectId, queueId, id);
      if (!current) return undefined;
      const next = change(current);
      return next === current ? current : this.writeItem(projectId, next, false);
    });
  }

  /** Deletes item `id`; false when the queue has no such item. */
  async deleteItem(projectId: string, queueId: string, id: string): Promise<boolean> {
    return this.changes.serialized(`${projectId}\u0000${queueId}\u0000${id}`, async () => {
      const current = await this.getItem(projectId, queueId, id);
      if (current) await this.writeItem(projectId, current, true);
      return current !== undefined;
    });
  }

  private selectQueues(): string {
    return `SELECT Id, Name, Description, ScoreConfigIds, ${TIMES}
              FROM ${this.store.table(ANNOTATION_QUEUES_TABLE)} FINAL WHERE ProjectId = {projectId:String}`;
  }

  private selectItems(): string {
    return `SELECT Id, QueueId, ObjectType, ObjectId, Status, toString(toUnixTimestamp64Milli(CompletedAt)) AS CompletedMs, ${TIMES}
              FROM ${this.store.table(ANNOTATION_QUEUE_ITEMS_TABLE)} FINAL
             WHERE ProjectId = {projectId:String} AND QueueId = {queueId:String} AND Deleted = 0`;
  }

  /** Writes `item` as its latest row; returns it with the time written. */
  private async writeItem(projectId: string, item: QueueItem, deleted: boolean): Promise<QueueItem> {
    const updatedAtMs = await insertChange(this.store, this.changes, ANNOTATION_QUEUE_ITEMS_TABLE, item.updatedAtMs, {
      ProjectId: projectId,
      QueueId: item.queueId,
      Id: item.id,
      ObjectType: item.objectType,
      ObjectId: item.objectId,
      Status: item.status,
      CompletedAt: item.completedAtMs === null ? null : dateTime64Ms(item.completedAtMs),
      CreatedAt: dateTime64Ms(item.createdAtMs),
      Deleted: deleted ? 1 : 0,
    });
    return { ...item, updatedAtMs };
  }
}

const toQueue = (r: QueueRow): AnnotationQueue => ({ id: r.Id, name: r.Name, description: r.Description, scoreConfigIds: r.ScoreConfigIds, ...changeTimes(r) });

const toItem = (r: ItemRow): QueueItem => ({
  id: r.Id,
  queueId: r.QueueId,
  objectId: r.ObjectId,
  objectType: r.ObjectType,
  status: r.Status,
  completedAtMs: r.CompletedMs === null ? null : Number(r.CompletedMs),
  ...changeTimes(r),
});
