import type { Attributes } from '@opentelemetry/api';
import * as A from '../core/attributes.js';
import type { CallSpec } from '../core/instrumentation-base.js';
import { openAiProvider } from './provider.js';

type EmbeddingParams = Record<string, unknown> & { model?: string };

export const embeddingsSpec: CallSpec<EmbeddingParams> = {
  request(params, endpoint, client) {
    if (!params || typeof params !== 'object') return undefined;
    const attributes: Attributes = {};
    if (typeof params.dimensions === 'number') attributes[A.ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] = params.dimensions;
    if (typeof params.encoding_format === 'string') attributes[A.ATTR_GEN_AI_REQUEST_ENCODING_FORMATS] = [params.encoding_format];
    return {
      operation: A.GEN_AI_OPERATION.embeddings,
      provider: openAiProvider(endpoint, client),
      model: typeof params.model === 'string' ? params.model : undefined,
      serverAddress: endpoint.address,
      serverPort: endpoint.port,
      attributes,
    };
  },
  isStreaming: () => false,
  handlers: {
    onBody(body, call) {
      const b = (body ?? {}) as { model?: string; usage?: { prompt_tokens?: number } };
      call.end({ responseModel: b.model, usage: { inputTokens: b.usage?.prompt_tokens } });
    },
    streamObserver: () => ({ onChunk() {}, result: () => ({}) }),
  },
};
