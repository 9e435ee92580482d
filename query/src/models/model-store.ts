/**
 * A project's models: its own definitions (watchllm_models, migration 21) and the built-in catalog's, read-only.
 * A change is followed by `changed` (the in-process collector's price refresh), so the spans sent after the
 * answer are priced by it; collectors in other processes pick it up on their next refresh (~10 s).
 */
import { randomUUID } from 'node:crypto';
import { modelRow, MODELS_TABLE, readModels, type StoredModel, type Store } from '@watchllm/collector';
import { listCatalogModels, type CatalogModel } from '@watchllm/semconv';
import { ChangeQueue, insertChange } from '../versioned-rows.js';
import type { ModelInput } from './model-input.js';

/** A model as the APIs show it: a project's own, or built in (from the catalog, `createdAtMs` null). */
export interface Model extends Omit<StoredModel, 'createdAtMs' | 'updatedAtMs'> {
  builtIn: boolean;
  createdAtMs: number | null;
  updatedAtMs: number | null;
}

/** Ids of built-in models: the catalog's, which nobody can change here. */
const BUILT_IN = 'genai-prices:';
const builtInId = (m: CatalogModel) => `${BUILT_IN}${m.providerId}:${m.modelId}`;
export const isBuiltInId = (id: string) => id.startsWith(BUILT_IN);

/** The collector reads every project's definitions every few seconds: a bound keeps that read small. */
export const MAX_MODELS_PER_PROJECT = 1000;

export class ModelLimitReached extends Error {
  override name = 'ModelLimitReached';
  constructor() {
    super(`a project has at most ${MAX_MODELS_PER_PROJECT} models; delete some first`);
  }
}

function builtInModel(m: CatalogModel): Model {
  return {
    id: builtInId(m),
    modelName: m.modelId,
    matchPattern: m.matchPattern,
    startMs: null,
    unit: 'TOKENS',
    inputPrice: m.prices.input ?? null,
    outputPrice: m.prices.output ?? null,
    totalPrice: null,
    prices: m.prices,
    tokenizerId: null,
    tokenizerConfig: null,
    builtIn: true,
    createdAtMs: null,
    updatedAtMs: null,
  };
}

const own = (m: StoredModel): Model => ({ ...m, builtIn: false });

export class ModelStore {
  private readonly changes = new ChangeQueue();

  constructor(
    private readonly store: Store,
    private readonly changed: () => Promise<void> = async () => {},
  ) {}

  /** The project's own models (newest change first), then the built-in ones priced as of now. */
  async list(projectId: string, nowMs = Date.now()): Promise<Model[]> {
    const mine = await readModels(this.store, { projectId });
    return [...mine.map(own), ...listCatalogModels(nowMs).map(builtInModel)];
  }

  async get(projectId: string, id: string, nowMs = Date.now()): Promise<Model | undefined> {
    if (isBuiltInId(id)) {
      const found = listCatalogModels(nowMs).find((m) => builtInId(m) === id);
      return found && builtInModel(found);
    }
    const [found] = await readModels(this.store, { projectId, id });
    return found && own(found);
  }

  /** A new model; throws ModelLimitReached when the project has MAX_MODELS_PER_PROJECT already. */
  create(projectId: string, input: ModelInput): Promise<Model> {
    return this.changes.serialized(projectId, async () => {
      if ((await readModels(this.store, { projectId })).length >= MAX_MODELS_PER_PROJECT) throw new ModelLimitReached();
      return this.write(projectId, { ...input, id: randomUUID(), createdAtMs: Date.now() }, 0);
    });
  }

  /** Creates or replaces the project's model `id` (Langfuse's upsert); throws ModelLimitReached as create does. */
  put(projectId: string, id: string, input: ModelInput): Promise<Model> {
    return this.changes.serialized(projectId, async () => {
      const mine = await readModels(this.store, { projectId });
      const found = mine.find((m) => m.id === id);
      if (!found && mine.length >= MAX_MODELS_PER_PROJECT) throw new ModelLimitReached();
      return this.write(projectId, { ...input, id, createdAtMs: found?.createdAtMs ?? Date.now() }, found?.updatedAtMs ?? 0);
    });
  }

  /** Deletes the project's model `id`; false when it has none such (a built-in one is never the project's). */
  remove(projectId: string, id: string): Promise<boolean> {
    return this.changes.serialized(projectId, async () => {
      const [found] = isBuiltInId(id) ? [] : await readModels(this.store, { projectId, id });
      if (!found) return false;
      await this.write(projectId, found, found.updatedAtMs, true);
      return true;
    });
  }

  /** Writes a row of `m`, later than `afterMs` (the row it replaces), then reloads prices. */
  private async write(projectId: string, m: Omit<StoredModel, 'updatedAtMs'>, afterMs: number, deleted = false): Promise<Model> {
    const updatedAtMs = await insertChange(this.store, this.changes, MODELS_TABLE, afterMs, modelRow(projectId, m, deleted));
    await this.changed();
    return own({ ...m, updatedAtMs });
  }
}
