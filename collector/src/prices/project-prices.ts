/**
 * Each project's model prices for ingest, read from the store in the background: a model created through the
 * API (in any query service) prices spans within `refreshMs`, without a restart. Ingest never waits on the store:
 * it reads what the last refresh loaded, and a store that cannot be read keeps the last good set (logged once).
 */
import { compileModelPrice, modelPriceLookup, type CompiledCustomPrice, type PriceOverrides } from '@watchllm/semconv';
import type { Store } from '../storage/client.js';
import { MODELS_TABLE } from '../storage/migrations/021-models.js';
import { readModels, type StoredModel } from './stored-models.js';

/** What the genai processor asks: the project's own prices, or undefined when it has none. Never waits. */
export interface ProjectPriceSource {
  of(projectId: string): PriceOverrides | undefined;
}

export interface ProjectModelPrices extends ProjectPriceSource {
  /** The first read; resolves (never rejects) once it is done or has failed. */
  start(): Promise<void>;
  stop(): void;
  /**
   * Reads the definitions again now; resolves (never rejects) once a read that began after the call is loaded.
   * A change made in this process calls it, so the spans that follow are priced by it.
   */
  refresh(): Promise<void>;
  /** Calls `listener` with the definitions loaded now and again whenever a refresh loads changed ones (another thread's prices follow). */
  watch(listener: (models: ProjectModels) => void): void;
}

export type ProjectModels = (StoredModel & { projectId: string })[];

/** Prices from definitions handed over whole, e.g. to a worker thread by the ProjectModelPrices of its process. */
export interface ProjectPriceTable extends ProjectPriceSource {
  set(models: ProjectModels): void;
}

export function projectPriceTable(log: (message: string) => void = (m) => console.warn(m)): ProjectPriceTable {
  let byProject = new Map<string, PriceOverrides>();
  return {
    of: (projectId) => byProject.get(projectId),
    set(models) {
      byProject = lookupsByProject(models, log);
    },
  };
}

export interface ProjectModelPricesOptions {
  refreshMs?: number;
  log?: (message: string) => void;
}

export function createProjectModelPrices(store: Store, options: ProjectModelPricesOptions = {}): ProjectModelPrices {
  const log = options.log ?? ((m: string) => console.warn(m));
  const table = projectPriceTable(log);
  let loaded: ProjectModels = [];
  const listeners: ((models: ProjectModels) => void)[] = [];
  let loadedVersion = '';
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const load = async () => {
    const models = await readModels(store);
    // Unchanged definitions keep their lookups, and with them which names each pattern was found to match.
    const version = models.map((m) => `${m.projectId}\u0000${m.id}\u0000${m.updatedAtMs}`).join('\n');
    if (version === loadedVersion) return;
    table.set(models);
    loaded = models;
    loadedVersion = version;
    for (const listener of listeners) listener(models);
  };

  const loadSafely = async () => {
    try {
      await load();
      if (failing) log(`project model prices: ${MODELS_TABLE} read again`);
      failing = false;
    } catch (err) {
      if (!failing) log(`project model prices: cannot read ${MODELS_TABLE} (${(err as Error).message}); pricing with the models last read until it can`);
      failing = true;
    }
  };

  const refresh = (): Promise<void> => {
    if (!running) return (running = loadSafely().finally(() => (running = undefined)));
    // The read in flight may have begun before the caller's change: one more after it serves every caller meanwhile.
    return (queued ??= running.then(() => {
      queued = undefined;
      return refresh();
    }));
  };

  return {
    of: table.of,
    refresh,
    watch(listener) {
      listeners.push(listener);
      listener(loaded);
    },
    async start() {
      await refresh();
      timer ??= setInterval(() => void refresh(), options.refreshMs ?? 10_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

/** Each project's definitions as one lookup, newest change first (which wins a tie on start date). */
function lookupsByProject(models: ProjectModels, log: (message: string) => void): Map<string, PriceOverrides> {
  const compiled = new Map<string, CompiledCustomPrice[]>();
  for (const m of models) {
    let price: CompiledCustomPrice | null;
    try {
      price = compileModelPrice(m);
    } catch (err) {
      // Validated when written; a pattern that still fails is skipped, not the project's other models.
      log(`project model prices: ${m.projectId}/${m.id}: ${(err as Error).message}`);
      continue;
    }
    if (!price) continue;
    const list = compiled.get(m.projectId);
    if (list) list.push(price);
    else compiled.set(m.projectId, [price]);
  }
  return new Map([...compiled].map(([projectId, prices]) => [projectId, modelPriceLookup(prices)]));
}
