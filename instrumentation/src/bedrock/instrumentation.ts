import { clientInstrumenter, GenAiInstrumentation, type GenAiInstrumentationConfig } from '../core/instrumentation-base.js';
import { patchMethod, serverEndpoint, unpatchMethod } from '../core/patch.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { converseSpec, ENDPOINTS } from './converse.js';
import { INVOKE_COMMANDS, invokeModelSpec } from './invoke-model.js';

type Obj = Record<string, unknown>;
interface ClientConfig {
  endpoint?: () => Promise<{ protocol?: string; hostname?: string; port?: number } | undefined>;
  region?: () => Promise<string>;
}

/**
 * GenAI spans and metrics for `@aws-sdk/client-bedrock-runtime`: `ConverseCommand` and
 * `ConverseStreamCommand` sent with `client.send` (the span ends with the stream), and `InvokeModel` /
 * `InvokeModelWithResponseStream` with Anthropic Claude models (their bodies are Anthropic's Messages API).
 * Other commands and models' bodies pass through untraced. Instrument each client:
 * `instrumentBedrock(new BedrockRuntimeClient(...))`.
 */
export class BedrockInstrumentation extends GenAiInstrumentation {
  private readonly patched = new Set<object>();

  constructor(config: GenAiInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/bedrock`, PACKAGE_VERSION, config);
  }

  protected init() {
    return [];
  }

  instrumentClient<T>(client: T): T {
    const c = client as Obj | undefined;
    if (!c || typeof c.send !== 'function') return client;
    const converse = this.tracedMethod(converseSpec);
    const invoke = this.tracedMethod(invokeModelSpec);
    // `send(command, callback)` is the SDK's callback style: passed through as it is.
    const ok = patchMethod(c, 'send', (original) => {
      const [sendConverse, sendInvoke] = [converse(original), invoke(original)];
      return function send(this: unknown, ...args: unknown[]) {
        if (typeof args[1] === 'function' || typeof args[2] === 'function') return original.apply(this, args);
        const name = (args[0] as { constructor?: { name?: string } } | undefined)?.constructor?.name;
        return (name && INVOKE_COMMANDS.has(name) ? sendInvoke : sendConverse).apply(this, args);
      };
    });
    if (ok) {
      this.patched.add(c);
      void resolveEndpoint(c);
    }
    return client;
  }

  override disable(): void {
    super.disable();
    for (const c of this.patched) unpatchMethod(c, 'send');
    this.patched.clear();
  }
}

/** The SDK resolves its endpoint asynchronously: found once per client, then on every span. */
async function resolveEndpoint(client: Obj): Promise<void> {
  try {
    const config = client.config as ClientConfig | undefined;
    const custom = await config?.endpoint?.();
    if (custom?.hostname) {
      const protocol = custom.protocol ?? 'https:';
      ENDPOINTS.set(client, serverEndpoint(`${protocol}//${custom.hostname}${custom.port ? `:${custom.port}` : ''}`));
      return;
    }
    const region = await config?.region?.();
    if (region) ENDPOINTS.set(client, serverEndpoint(`https://bedrock-runtime.${region}.amazonaws.com`));
  } catch {
    // No endpoint known: spans go without server.address.
  }
}

const instrumenter = clientInstrumenter(() => new BedrockInstrumentation({ enabled: false }));

/** The instance `register()` and `instrumentBedrock()` share, so both report through one provider. */
export const defaultBedrockInstrumentation = instrumenter.defaultInstance;

/** Instruments a `BedrockRuntimeClient`; `register()` enables the same default instance. */
export const instrumentBedrock = instrumenter.instrument;
