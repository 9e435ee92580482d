/**
 * A project's model prices as the watchllm_models table keeps them (migration 21): the one reader and row builder
 * that the collector's price cache and the query service's Models API share.
 */
import type { ModelPriceDefinition } from '@watchllm/semconv';
import type { Store } from '../storage/client.js';
import { MODELS_TABLE } from '../storage/migrations/021-models.js';
import { dateTime64Ms } from '../storage/values.js';

/** A model definition as stored: its prices (the flat ones folded into `prices`) and what Langfuse keeps beside them. */
export interface StoredModel extends ModelPriceDefinition {
  /** Langfuse's deprecated flat prices, as given (also in `prices` as input / output / total). */
  inputPrice: number | null;
  outputPrice: number | null;
  totalPrice: number | null;
  /** Kept for Langfuse clients; WatchLLM counts no tokens itself. */
  tokenizerId: string | null;
  tokenizerConfig: unknown;
  createdAtMs: number;
  updatedAtMs: number;
}

interface Row {
  ProjectId: string;
  Id: string;
  ModelName: string;
  MatchPattern: string;
  StartMs: string | null;
  Unit: string;
  InputPrice: number | null;
  OutputPrice: number | null;
  TotalPrice: number | null;
  Prices: Record<string, number>;
  TokenizerId: string;
  TokenizerConfig: string;
  CreatedMs: string;
  UpdatedUs: string;
}

/** One row of model `m` but its UpdatedAt (the change's time): a newer row of its id replaces the older (`deleted`: the deletion). */
export function modelRow(projectId: string, m: Omit<StoredModel, 'updatedAtMs'>, deleted = false): Record<string, unknown> {
  return {
    ProjectId: projectId,
    Id: m.id,
    ModelName: m.modelName,
    MatchPattern: m.matchPattern,
    StartDate: m.startMs === null ? null : dateTime64Ms(m.startMs),
    Unit: m.unit ?? '',
    InputPrice: m.inputPrice,
    OutputPrice: m.outputPrice,
    TotalPrice: m.totalPrice,
    Prices: m.prices,
    TokenizerId: m.tokenizerId ?? '',
    TokenizerConfig: m.tokenizerConfig === null || m.tokenizerConfig === undefined ? '' : JSON.stringify(m.tokenizerConfig),
    CreatedAt: dateTime64Ms(m.createdAtMs),
    Deleted: deleted ? 1 : 0,
  };
}

export interface ModelFilter {
  /** Omitted: every project's. */
  projectId?: string;
  id?: string;
}

/**
 * The live definitions (each id's latest row, deleted ones left out), newest change first — the order ties on
 * start date are broken in. Each id's rows are on one shard, so LIMIT 1 BY there picks its latest row.
 */
export async function readModels(store: Store, filter: ModelFilter = {}): Promise<(StoredModel & { projectId: string })[]> {
  const rs = await store.client.query({
    query: `
      SELECT * FROM (
        SELECT ProjectId, Id, ModelName, MatchPattern, toString(toUnixTimestamp64Milli(StartDate)) AS StartMs, Unit,
               InputPrice, OutputPrice, TotalPrice, Prices, TokenizerId, TokenizerConfig,
               toString(toUnixTimestamp64Milli(CreatedAt)) AS CreatedMs, toString(toUnixTimestamp64Micro(UpdatedAt)) AS UpdatedUs, Deleted
        FROM ${store.table(MODELS_TABLE)}
        WHERE ({projectId:String} = '' OR ProjectId = {projectId:String}) AND ({id:String} = '' OR Id = {id:String})
        ORDER BY UpdatedAt DESC LIMIT 1 BY ProjectId, Id
      ) WHERE Deleted = 0 ORDER BY toUInt64(UpdatedUs) DESC`,
    query_params: { projectId: filter.projectId ?? '', id: filter.id ?? '' },
    format: 'JSONEachRow',
  });
  return (await rs.json<Row>()).map(toModel);
}

function toModel(r: Row): StoredModel & { projectId: string } {
  return {
    projectId: r.ProjectId,
    id: r.Id,
    modelName: r.ModelName,
    matchPattern: r.MatchPattern,
    startMs: r.StartMs === null ? null : Number(r.StartMs),
    unit: r.Unit || null,
    inputPrice: r.InputPrice === null ? null : Number(r.InputPrice),
    outputPrice: r.OutputPrice === null ? null : Number(r.OutputPrice),
    totalPrice: r.TotalPrice === null ? null : Number(r.TotalPrice),
    prices: Object.fromEntries(Object.entries(r.Prices).map(([k, v]) => [k, Number(v)])),
    tokenizerId: r.TokenizerId || null,
    tokenizerConfig: r.TokenizerConfig === '' ? null : JSON.parse(r.TokenizerConfig),
    createdAtMs: Number(r.CreatedMs),
    updatedAtMs: Math.floor(Number(r.UpdatedUs) / 1000),
  };
}
