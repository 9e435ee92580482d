import { insertRows, SESSION_SCORES_TABLE, type Store } from '@watchllm/collector';
import { configIdField, dataTypeField, scoreIdentity, type ScoreView, type SessionScoreInput } from './evaluation-writer.js';
import { Predicates, readRows } from './reader/query.js';
import type { TraceScore } from './reader/evaluation-reader.js';
import { ChangeQueue, dateTime64Ms, dateTime64Us } from './versioned-rows.js';

/** A score on a session as a whole (a conversation's user satisfaction), as the session API shows it. */
export type SessionScore = ScoreView;

export interface WrittenSessionScore extends SessionScore {
  sessionId: string;
}

interface Row {
  SessionId: string;
  Id: string;
  Name: string;
  Score: number | null;
  Label: string;
  Comment: string;
  Author: string;
  ConfigId: string;
  DataType: string;
  TimeNs: string;
}

/** The most scores a read of some sessions' scores returns (a session has a handful). */
const MAX_SCORES = 10_000;

/**
 * SQL for the live session scores of a project (of `sessionIds` when given) as (SessionId, Id, Name, Score, Label,
 * Comment, Author, ConfigId, DataType, Time) rows: each score's latest row (migration 17), withdrawn ones left out.
 */
export function sessionScoresSql(store: Store, where: Predicates, projectId: string, sessionIds?: string[]): string {
  const narrow = sessionIds === undefined ? '' : ` AND SessionId IN ${where.expr('{}', ['Array(String)', sessionIds])}`;
  return `SELECT SessionId, Id, Name, Score, Label, Comment, Author, ConfigId, DataType, Time FROM (
      SELECT SessionId, Id, argMax(Name, UpdatedAt) AS Name, argMax(Score, UpdatedAt) AS Score, argMax(Label, UpdatedAt) AS Label,
             argMax(Explanation, UpdatedAt) AS Comment, argMax(Author, UpdatedAt) AS Author, argMax(ConfigId, UpdatedAt) AS ConfigId,
             argMax(DataType, UpdatedAt) AS DataType, toDateTime64(min(CreatedAt), 9) AS Time,
             argMax(Deleted, UpdatedAt) AS IsDeleted
        FROM ${store.table(SESSION_SCORES_TABLE)}
       WHERE ProjectId = ${where.expr('{}', ['String', projectId])}${narrow}
       GROUP BY SessionId, Id)
    WHERE IsDeleted = 0`;
}

/**
 * Scores on sessions (Langfuse's `score.create({ sessionId })`, the session page's score form): a row per change,
 * read by session. Kept whether or not the session's traces have arrived yet (a Langfuse SDK sends traces and
 * scores at once, and traces sent as ingestion events are written once quiet).
 */
export class SessionScoreStore {
  private readonly changes = new ChangeQueue();

  constructor(private readonly store: Store) {}

  /** Keeps a score; `sourceId` as `writeEvaluation`'s: the same score sent again is written once. */
  async add(projectId: string, input: SessionScoreInput, nowMs = Date.now(), sourceId?: string): Promise<WrittenSessionScore> {
    const { key, id } = scoreIdentity(projectId, sourceId);
    const score: WrittenSessionScore = {
      sessionId: input.sessionId,
      id,
      name: input.name,
      score: input.score ?? null,
      label: input.label ?? null,
      explanation: input.explanation ?? null,
      author: input.author ?? null,
      timeUnixNano: `${nowMs}000000`,
      ...configIdField(input),
      ...dataTypeField(input),
    };
    await this.write(projectId, score, nowMs, false, key);
    return score;
  }

  /** Withdraws score `id` of a session; false when it has no such score (or it was withdrawn). */
  withdraw(projectId: string, sessionId: string, id: string): Promise<boolean> {
    return this.changes.serialized(`${projectId}\u0000${sessionId}\u0000${id}`, async () => {
      const found = (await this.read(projectId, [sessionId], id))[0];
      if (found) await this.write(projectId, { ...found, sessionId }, Number(BigInt(found.timeUnixNano) / 1_000_000n), true);
      return found !== undefined;
    });
  }

  /** The live scores of these sessions, oldest first, by session. */
  async ofSessions(projectId: string, sessionIds: string[]): Promise<Map<string, SessionScore[]>> {
    const out = new Map<string, SessionScore[]>();
    if (sessionIds.length === 0) return out;
    const rows = await this.readRows(projectId, sessionIds);
    for (const r of rows) {
      const list = out.get(r.SessionId) ?? [];
      list.push(toScore(r));
      out.set(r.SessionId, list);
    }
    return out;
  }

  /** Each session's scores summed up by name, as the trace list sums up a trace's (count, average, commonest label). */
  async summaries(projectId: string, sessionIds: string[]): Promise<Map<string, TraceScore[]>> {
    const scores = await this.ofSessions(projectId, sessionIds);
    return new Map([...scores].map(([sessionId, list]) => [sessionId, summarizeScores(list)]));
  }

  private async read(projectId: string, sessionIds: string[], id: string): Promise<SessionScore[]> {
    return (await this.readRows(projectId, sessionIds, id)).map(toScore);
  }

  private readRows(projectId: string, sessionIds: string[], id?: string): Promise<Row[]> {
    const where = new Predicates({});
    const source = sessionScoresSql(this.store, where, projectId, sessionIds);
    const only = id === undefined ? '1' : where.expr('Id = {}', ['String', id]);
    return readRows<Row>(
      this.store,
      `SELECT *, toString(toUnixTimestamp64Nano(Time)) AS TimeNs FROM (${source}) WHERE ${only} ORDER BY SessionId, Time, Id LIMIT ${MAX_SCORES}`,
      where.params,
    );
  }

  private async write(projectId: string, s: WrittenSessionScore, createdMs: number, deleted: boolean, dedupToken?: string): Promise<void> {
    const row = {
      ProjectId: projectId,
      SessionId: s.sessionId,
      Id: s.id,
      Name: s.name,
      Score: s.score,
      Label: s.label ?? '',
      Explanation: s.explanation ?? '',
      Author: s.author ?? '',
      ConfigId: s.configId ?? '',
      DataType: s.dataType ?? '',
      CreatedAt: dateTime64Ms(createdMs),
      UpdatedAt: dateTime64Us(this.changes.nextUpdateUs()),
      Deleted: deleted ? 1 : 0,
    };
    await insertRows(this.store, SESSION_SCORES_TABLE, [row], dedupToken);
  }
}

function toScore(r: Row): SessionScore {
  return {
    id: r.Id,
    name: r.Name,
    score: r.Score === null || Number.isNaN(Number(r.Score)) ? null : Number(r.Score),
    label: r.Label || null,
    explanation: r.Comment || null,
    author: r.Author || null,
    timeUnixNano: r.TimeNs,
    ...configIdField({ configId: r.ConfigId }),
    ...dataTypeField({ dataType: r.DataType }),
  };
}

/** Scores by name (in name order): how many, their average number, their commonest label (the first seen of equals). */
export function summarizeScores(scores: readonly SessionScore[]): TraceScore[] {
  const byName = new Map<string, SessionScore[]>();
  for (const s of scores) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, list]) => {
      const numbers = list.flatMap((s) => (s.score === null ? [] : [s.score]));
      const labels = new Map<string, number>();
      // A TEXT or CORRECTION score's label is free text, not a category to count.
      for (const s of list) if (s.label && !s.dataType) labels.set(s.label, (labels.get(s.label) ?? 0) + 1);
      const label = [...labels].reduce<[string, number] | null>((best, l) => (best === null || l[1] > best[1] ? l : best), null);
      return { name, count: list.length, avgScore: numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null, label: label?.[0] ?? null };
    });
}
