// The part of a chat call's InferenceRequest that every provider fills the same way, so each
// CallSpec writes only what its API names differently: request attributes and message content.
import type { Attributes } from '@opentelemetry/api';
import * as A from './attributes.js';
import type { ServerEndpoint } from './patch.js';
import type { InferenceRequest, RequestContent } from './telemetry.js';

export interface ChatRequestParts {
  /** `gen_ai.request.*` attributes, already read from the provider's params. */
  attributes: Attributes;
  /** Kept lazy: the recorder calls it only when content capture is on. */
  content: () => RequestContent;
}

/** A `chat` request to `provider`; the model is taken only when the (untyped) params carry a string. */
export function chatRequest(provider: string, params: { model?: unknown }, endpoint: ServerEndpoint, parts: ChatRequestParts): InferenceRequest {
  return {
    operation: A.GEN_AI_OPERATION.chat,
    provider,
    model: typeof params.model === 'string' ? params.model : undefined,
    serverAddress: endpoint.address,
    serverPort: endpoint.port,
    attributes: parts.attributes,
    content: parts.content,
  };
}
