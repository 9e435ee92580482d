import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { clientInstrumenter, GenAiInstrumentation, type CallSpec, type GenAiInstrumentationConfig } from '../core/instrumentation-base.js';
import { PatchedPrototypes, protoOf, prototypeOfClass } from '../core/prototype-set.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { messagesSpec } from './messages.js';

type Obj = Record<string, unknown>;

export interface AnthropicInstrumentationConfig extends GenAiInstrumentationConfig {
  /**
   * Recent `@anthropic-ai/sdk` versions emit their own `anthropic.messages.create` span for every call;
   * next to ours it would count every call's tokens twice. Default true: turn the SDK's spans off
   * for clients we instrument (the SDK option `openTelemetry: false` does the same per client).
   */
  suppressSdkSpans?: boolean;
}

/**
 * GenAI spans and metrics for `@anthropic-ai/sdk` `messages.create` (streaming and not; the
 * `messages.stream()` helper goes through it). CommonJS via `registerInstrumentations`, anything
 * else via `instrumentClient(client)`.
 */
export class AnthropicInstrumentation extends GenAiInstrumentation {
  private readonly prototypes = new PatchedPrototypes();

  constructor(config: AnthropicInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/anthropic`, PACKAGE_VERSION, config);
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      '@anthropic-ai/sdk',
      ['>=0.20 <3'],
      (exports: Obj) => {
        this.patchMessages(prototypeOfClass(messagesClass(exports)));
        return exports;
      },
      () => this.prototypes.unpatchAll(),
    );
  }

  instrumentClient<T>(client: T): T {
    const c = client as { _tracer?: unknown } | undefined;
    if (this.suppressSdkSpans && c?._tracer) c._tracer = undefined;
    this.patchMessages(protoOf((client as Obj | undefined)?.messages));
    return client;
  }

  instrumentModule(moduleExports: unknown): void {
    this.patchMessages(prototypeOfClass(messagesClass(moduleExports as Obj)));
  }

  private get suppressSdkSpans(): boolean {
    return (this.getConfig() as AnthropicInstrumentationConfig).suppressSdkSpans !== false;
  }

  override disable(): void {
    super.disable();
    this.prototypes.unpatchAll();
  }

  private patchMessages(proto: object | undefined): void {
    const spec: CallSpec<Obj> = this.suppressSdkSpans
      ? {
          ...messagesSpec,
          request(params, endpoint, client) {
            const c = client as { _tracer?: unknown } | undefined;
            if (c && c._tracer) c._tracer = undefined;
            return messagesSpec.request(params, endpoint, client);
          },
        }
      : messagesSpec;
    this.prototypes.patch(proto, this.tracedMethod(spec));
  }
}

function messagesClass(exports: Obj | undefined): unknown {
  const klass = (exports?.Anthropic ?? (exports?.default as Obj | undefined)?.Anthropic ?? exports?.default ?? exports) as Obj | undefined;
  return klass?.Messages;
}

const instrumenter = clientInstrumenter(() => new AnthropicInstrumentation({ enabled: false }));

/** The instance `register()` and `instrumentAnthropic()` share, so both report through one provider. */
export const defaultAnthropicInstrumentation = instrumenter.defaultInstance;

/** Instruments an Anthropic client (and every other client of the same SDK copy); `register()` enables the same default instance. */
export const instrumentAnthropic = instrumenter.instrument;
