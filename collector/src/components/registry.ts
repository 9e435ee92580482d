import type { AnyFactory } from './types.js';
import { otlpReceiver } from './receivers/otlp.js';
import { genaiProcessor } from './processors/genai.js';
import { limitsProcessor } from './processors/limits.js';
import { mediaProcessor } from './processors/media.js';
import { clickhouseExporter } from './exporters/clickhouse.js';
import { otlpHttpExporter } from './exporters/otlphttp.js';
import { otlpGrpcExporter } from './exporters/otlp.js';
import { debugExporter } from './exporters/debug.js';
import { spanMetricsProcessor } from './processors/spanmetrics.js';
import { serviceGraphProcessor } from './processors/servicegraph.js';
import { redactionProcessor } from './processors/redaction.js';
import { attributesProcessor } from './processors/attributes.js';
import { resourceProcessor } from './processors/resource.js';
import { filterProcessor } from './processors/filter.js';
import { transformProcessor } from './processors/transform.js';
import { memoryLimiterProcessor } from './processors/memory-limiter.js';
import { probabilisticSamplerProcessor } from './processors/probabilistic-sampler.js';

/** Every component WatchLLM can assemble from otel-config.yaml; adding one is adding a line. */
export const FACTORIES: AnyFactory[] = [otlpReceiver, memoryLimiterProcessor, mediaProcessor, limitsProcessor, filterProcessor, probabilisticSamplerProcessor, redactionProcessor, transformProcessor, attributesProcessor, resourceProcessor, genaiProcessor, spanMetricsProcessor, serviceGraphProcessor, clickhouseExporter, otlpHttpExporter, otlpGrpcExporter, debugExporter];
