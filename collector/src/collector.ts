import { FACTORIES } from './components/registry.js';
import { loadConfigFile, type CollectorConfig } from './config/load.js';
import type { ApiKeyCache } from './auth/keys.js';
import type { ProjectModelPrices } from './prices/project-prices.js';
import { startService, type RunningService } from './pipeline/service.js';
import type { Settings } from './settings.js';
import type { Store } from './storage/client.js';
import { Telemetry } from './telemetry.js';

export interface RunningCollector extends RunningService {
  telemetry: Telemetry;
  /** Port of the first OTLP/HTTP listener (tests bind port 0). */
  httpPort?: number;
  grpcPort?: number;
}

/** Loads otel-config.yaml, builds the pipelines and starts them on an already migrated store. */
export async function startCollector(
  store: Store,
  settings: Settings,
  options: { telemetry?: Telemetry; otherListenHosts?: string[]; config?: CollectorConfig; keys?: ApiKeyCache; projectPrices?: ProjectModelPrices } = {},
): Promise<RunningCollector> {
  const config = options.config ?? loadCollectorConfig(settings);
  const telemetry = options.telemetry ?? new Telemetry();
  const service = await startService(config, {
    store,
    telemetry,
    dataDir: settings.dataDir,
    otherListenHosts: options.otherListenHosts,
    keys: options.keys,
    projectPrices: options.projectPrices,
  });
  const ports = Object.values(service.ports);
  return {
    ...service,
    telemetry,
    httpPort: ports.find((p) => p.http !== undefined)?.http,
    grpcPort: ports.find((p) => p.grpc !== undefined)?.grpc,
  };
}

export function loadCollectorConfig(settings: Settings): CollectorConfig {
  return loadConfigFile(settings.configPath, settings.env, FACTORIES);
}
