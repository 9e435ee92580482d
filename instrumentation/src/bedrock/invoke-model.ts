// Bedrock `InvokeModelCommand` / `InvokeModelWithResponseStreamCommand` with an Anthropic Claude model: the
// body is Anthropic's Messages API request (and reply, and stream events), so the Anthropic mapping reads it.
// Other models' bodies (Titan, Llama, …) differ per model: those calls pass through untraced.
import * as A from '../core/attributes.js';
import type { CallSpec } from '../core/instrumentation-base.js';
import type { StreamObserver } from '../core/stream.js';
import { MessageStreamAccumulator, messageResult, messagesRequest, type MessageParams } from '../anthropic/messages.js';
import { bedrockEndpointOf } from './converse.js';

type Obj = Record<string, unknown>;
interface Command {
  constructor?: { name?: string };
  input?: { modelId?: string; body?: unknown };
}

export const INVOKE_COMMANDS = new Set(['InvokeModelCommand', 'InvokeModelWithResponseStreamCommand']);
const STREAMING = 'InvokeModelWithResponseStreamCommand';

/** A request or reply body (a string, or bytes as the SDK hands them) as JSON, or undefined. */
function jsonOf(body: unknown): Obj | undefined {
  try {
    const text = typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined;
    const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Obj) : undefined;
  } catch {
    return undefined;
  }
}

/** Bedrock's model ids for Claude: `anthropic.claude-…`, with a cross-region prefix (`us.`, `eu.`, …) or as an ARN. */
const isAnthropicModel = (modelId: unknown) => typeof modelId === 'string' && /(^|[./])anthropic\.claude/.test(modelId);

/** Each `chunk.bytes` of the response stream is one Anthropic stream event. */
class InvokeStreamAccumulator implements StreamObserver {
  private readonly messages = new MessageStreamAccumulator();
  onChunk(raw: unknown): void {
    const event = jsonOf((raw as { chunk?: { bytes?: unknown } } | undefined)?.chunk?.bytes);
    if (event) this.messages.onChunk(event);
  }
  result() {
    return this.messages.result();
  }
}

export const invokeModelSpec: CallSpec<Command> = {
  endpoint: bedrockEndpointOf,
  request(command, endpoint) {
    const name = command?.constructor?.name;
    const modelId = command?.input?.modelId;
    if (!name || !INVOKE_COMMANDS.has(name) || !isAnthropicModel(modelId)) return undefined;
    const body = jsonOf(command.input?.body);
    if (!body) return undefined;
    return messagesRequest(A.GEN_AI_PROVIDER.bedrock, body as MessageParams, endpoint, modelId as string, name === STREAMING);
  },
  isStreaming: (command) => command?.constructor?.name === STREAMING,
  handlers: {
    onBody: (response, call) => call.end(messageResult(jsonOf((response as { body?: unknown } | undefined)?.body) ?? {})),
    streamObserver: () => new InvokeStreamAccumulator(),
    streamIn: {
      get: (response) => (response as { body?: unknown } | undefined)?.body,
      set: (response, stream) => Object.assign(response as object, { body: stream }),
    },
  },
};
