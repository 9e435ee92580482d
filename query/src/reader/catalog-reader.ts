import { ROLLUP_TABLES, TABLES, type Store } from '@watchllm/collector';
import { dateTimeSeconds, msToNanos, readRows } from './query.js';

export interface CatalogRange {
  projectId: string;
  startMs: number;
  endMs: number;
}

/** Values for the UI's filter dropdowns. */
export class CatalogReader {
  constructor(private readonly store: Store) {}

  /** Services that sent spans in the range (ServiceName is in the sort key, so this reads one narrow column). */
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
}
