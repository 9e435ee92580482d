// Shared shape of the provider instrumentations: config, a lazily (re)built recorder, and the
// call wrapper that starts a span, runs the original method and observes its APIPromise.
import { InstrumentationBase, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { TracerProvider } from '@opentelemetry/api';
import { captureContentFromEnv } from './capture.js';
import { traceApiPromise, type ResultHandlers } from './api-promise.js';
import { GenAiTelemetry, withSpan, type InferenceCall, type InferenceRequest } from './telemetry.js';
import { serverEndpoint, type ServerEndpoint } from './patch.js';

export interface GenAiInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record prompts, completions, system instructions and tool definitions on spans.
   * Defaults to `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`.
   */
  captureMessageContent?: boolean;
}

/** How one SDK method maps onto a GenAI call. */
export interface CallSpec<Params> {
  /**
   * The request, or undefined to pass the call through untraced. `client` is the SDK client behind
   * the resource (Stainless SDKs' `_client`), else the resource the method was called on.
   */
  request(params: Params, endpoint: ServerEndpoint, client: unknown): InferenceRequest | undefined;
  /** Where the call goes, for SDKs that keep their base URL elsewhere than `_client.baseURL`. */
  endpoint?(client: unknown): ServerEndpoint;
  isStreaming(params: Params): boolean;
  handlers: ResultHandlers;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

export abstract class GenAiInstrumentation extends InstrumentationBase<GenAiInstrumentationConfig> {
  private recorder: GenAiTelemetry | undefined;

  protected get telemetry(): GenAiTelemetry {
    this.recorder ??= new GenAiTelemetry({
      tracer: this.tracer,
      meter: this.meter,
      captureMessageContent: this.getConfig().captureMessageContent ?? captureContentFromEnv(),
    });
    return this.recorder;
  }

  override setTracerProvider(provider: TracerProvider): void {
    super.setTracerProvider(provider);
    this.recorder = undefined;
  }

  override setConfig(config: GenAiInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.recorder = undefined;
  }

  // Called by the base class whenever the meter provider changes.
  protected override _updateMetricInstruments(): void {
    this.recorder = undefined;
  }

  /** Wraps an SDK method; on any instrumentation failure the original call runs untouched. */
  protected tracedMethod<Params>(spec: CallSpec<Params>): (original: Method) => Method {
    const self = this;
    return (original) =>
      function traced(this: unknown, ...args: unknown[]): unknown {
        const params = args[0] as Params;
        let call: InferenceCall | undefined;
        let streaming = false;
        try {
          const client = (this as { _client?: { baseURL?: unknown } } | undefined)?._client ?? this;
          const endpoint = spec.endpoint ? spec.endpoint(client) : serverEndpoint((client as { baseURL?: unknown } | undefined)?.baseURL);
          const request = spec.request(params, endpoint, client);
          if (request) {
            streaming = spec.isStreaming(params);
            call = self.telemetry.start(request);
          }
        } catch {
          call = undefined;
        }
        if (!call) return original.apply(this, args);
        const started = call;
        let result: unknown;
        try {
          result = withSpan(started.span, () => original.apply(this, args));
        } catch (error) {
          started.fail(error);
          throw error;
        }
        try {
          return traceApiPromise(result, started, streaming, spec.handlers);
        } catch {
          started.end({});
          return result;
        }
      };
  }
}

/**
 * A provider's shared default instance (what `register()` enables) and its `instrumentX(client, instrumentation?)`:
 * instruments the client, reporting through `instrumentation` (tests, custom providers) or the default; on any
 * failure the client is returned untouched.
 */
export function clientInstrumenter<I extends { instrumentClient<T>(client: T): T }>(make: () => I) {
  let instance: I | undefined;
  const defaultInstance = (): I => (instance ??= make());
  const instrument = <T>(client: T, instrumentation: I = defaultInstance()): T => {
    try {
      return instrumentation.instrumentClient(client);
    } catch {
      return client;
    }
  };
  return { defaultInstance, instrument };
}
