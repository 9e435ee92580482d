import { ROLLUP_TABLES, TABLES, type Store } from '@watchllm/collector';
import { ENVIRONMENT_SQL } from './environment-sql.js';
import { DAY_MS, dateTimeSeconds, msToNanos, readRows, utcDay } from './query.js';

export interface CatalogRange {
  projectId: string;
  startMs: number;
  endMs: number;
}

/** Values for the UI's filter dropdowns. */
export class CatalogReader {
  constructor(private readonly store: Store) {}

  /** Services that sent spans in the range (ServiceName is in the sort key, so this reads one narrow column). */
  /** Deployment environments spans were in during the range (`deployment.environment.name`, Langfuse's `langfuse.environment`), most spans first. */
  async environments(r: CatalogRange): Promise<string[]> {
    const rows = await readRows<{ E: string }>(
      this.store,
      `SELECT ${ENVIRONMENT_SQL} AS E FROM ${this.store.table(TABLES.traces)}
       WHERE ProjectId = {projectId:String}
         AND Timestamp >= fromUnixTimestamp64Nano({start:Int64}) AND Timestamp < fromUnixTimestamp64Nano({end:Int64})
       GROUP BY E ORDER BY count() DESC, E LIMIT 1000`,
      { projectId: r.projectId, start: msToNanos(r.startMs), end: msToNanos(r.endMs) },
    );
    return rows.map((x) => x.E);
  }

  async services(r: CatalogRange): Promise<string[]> {
    const rows = await readRows<{ S: string }>(
      this.store,
      `SELECT DISTINCT ServiceName AS S FROM ${this.store.table(TABLES.traces)}
       WHERE ProjectId = {projectId:String}
         AND Timestamp >= fromUnixTimestamp64Nano({start:Int64}) AND Timestamp < fromUnixTimestamp64Nano({end:Int64})
       ORDER BY S LIMIT 1000`,
      { projectId: r.projectId, start: msToNanos(r.startMs), end: msToNanos(r.endMs) },
    );
    return rows.map((x) => x.S).filter((s) => s !== '');
  }

  /** Models called in the range, from the hourly usage rollup (hours touching the range). */
  async models(r: CatalogRange): Promise<string[]> {
    const rows = await readRows<{ M: string }>(
      this.store,
      `SELECT DISTINCT Model AS M FROM ${this.store.table(ROLLUP_TABLES.genAiHour)}
       WHERE ProjectId = {projectId:String} AND Model != ''
         AND Time >= toStartOfHour(toDateTime({start:UInt32})) AND Time < toDateTime({end:UInt32})
       ORDER BY M LIMIT 1000`,
      { projectId: r.projectId, start: dateTimeSeconds(r.startMs), end: dateTimeSeconds(r.endMs) },
    );
    return rows.map((x) => x.M);
  }

  /** Tags of traces in the range, the most used first (then by name), from the trace summaries. */
  async tags(r: CatalogRange): Promise<string[]> {
    const rows = await readRows<{ T: string }>(
      this.store,
      // A summary row's Day is its earliest span's day, so a trace in range has rows from its start day on.
      `SELECT arrayJoin(Tags) AS T FROM ${this.store.table(ROLLUP_TABLES.traceSummary)}
       WHERE ProjectId = {projectId:String} AND notEmpty(Tags)
         AND Day BETWEEN {startDay:Date32} AND {endDay:Date32}
         AND Start >= fromUnixTimestamp64Nano({start:Int64}) AND Start < fromUnixTimestamp64Nano({end:Int64})
       GROUP BY T ORDER BY uniqExact(TraceId) DESC, T LIMIT 1000`,
      { projectId: r.projectId, startDay: utcDay(r.startMs), endDay: utcDay(r.endMs + DAY_MS), start: msToNanos(r.startMs), end: msToNanos(r.endMs) },
    );
    return rows.map((x) => x.T);
  }
}
