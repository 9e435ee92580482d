import { TABLES, type Store } from '@watchllm/collector';
import { msToNanos, readRows } from '../reader/query.js';

/** How one prompt version did in the calls made from it (Langfuse's prompt metrics). */
export interface PromptVersionUsage {
  /** 0: calls that named the prompt but no version. */
  version: number;
  calls: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  avgInputTokens: number;
  avgOutputTokens: number;
  /** Null when no call of it was priced. */
  costUsd: number | null;
  firstUsedMs: number;
  lastUsedMs: number;
}

/** The span attributes Langfuse's SDKs name a generation's prompt with. */
const NAME = "SpanAttributes['langfuse.observation.prompt.name']";
const VERSION = "toUInt32OrZero(SpanAttributes['langfuse.observation.prompt.version'])";

/**
 * Calls made from a prompt's versions in a time range, per version: read from the spans that name the prompt
 * (a scan of the range's spans by their attribute: give a bounded range on a big store).
 */
export async function promptUsage(store: Store, f: { projectId: string; name: string; startMs: number; endMs: number }): Promise<PromptVersionUsage[]> {
  const rows = await readRows<Record<string, string | number | null>>(
    store,
    `SELECT ${VERSION} AS Version, count() AS Calls, countIf(StatusCode = 'Error') AS Errors,
            quantile(0.5)(Duration) / 1e6 AS P50Ms, quantile(0.95)(Duration) / 1e6 AS P95Ms,
            avg(GenAiInputTokens) AS AvgIn, avg(GenAiOutputTokens) AS AvgOut, sum(CostUsd) AS Cost,
            toString(toUnixTimestamp64Milli(min(Timestamp))) AS FirstMs, toString(toUnixTimestamp64Milli(max(Timestamp))) AS LastMs
     FROM ${store.table(TABLES.traces)}
     WHERE ProjectId = {projectId:String} AND ${NAME} = {name:String}
       AND Timestamp >= fromUnixTimestamp64Nano({startNs:Int64}) AND Timestamp < fromUnixTimestamp64Nano({endNs:Int64})
     GROUP BY Version ORDER BY Version`,
    { projectId: f.projectId, name: f.name, startNs: msToNanos(f.startMs), endNs: msToNanos(f.endMs) },
  );
  return rows.map((r) => ({
    version: Number(r.Version),
    calls: Number(r.Calls),
    errors: Number(r.Errors),
    p50Ms: Number(r.P50Ms),
    p95Ms: Number(r.P95Ms),
    avgInputTokens: Number(r.AvgIn),
    avgOutputTokens: Number(r.AvgOut),
    costUsd: r.Cost === null ? null : Number(r.Cost),
    firstUsedMs: Number(r.FirstMs),
    lastUsedMs: Number(r.LastMs),
  }));
}
