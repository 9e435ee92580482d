import { clientInstrumenter, GenAiInstrumentation, type CallSpec, type GenAiInstrumentationConfig } from '../core/instrumentation-base.js';
import { patchMethod, unpatchMethod } from '../core/patch.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { embedContentSpec, generateContentSpec, generateContentStreamSpec } from './generate-content.js';

type Obj = Record<string, unknown>;

/** The Models methods traced, each with how it maps onto a GenAI call. */
const METHODS: [string, CallSpec<never>][] = [
  ['generateContent', generateContentSpec as CallSpec<never>],
  ['generateContentStream', generateContentStreamSpec as CallSpec<never>],
  ['embedContent', embedContentSpec as CallSpec<never>],
];

/**
 * GenAI spans and metrics for `@google/genai` (Gemini API and Vertex AI): `models.generateContent`,
 * `models.generateContentStream` (the span ends with the stream) and `models.embedContent`. The SDK
 * defines these methods on each client's `models` object rather than a shared prototype, so each
 * client is instrumented with `instrumentGemini(client)` (no module hook).
 */
export class GeminiInstrumentation extends GenAiInstrumentation {
  private readonly patched = new Set<object>();

  constructor(config: GenAiInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/gemini`, PACKAGE_VERSION, config);
  }

  protected init() {
    return [];
  }

  instrumentClient<T>(client: T): T {
    const models = (client as Obj | undefined)?.models as object | undefined;
    if (!models) return client;
    for (const [method, spec] of METHODS) if (patchMethod(models, method, this.tracedMethod(spec))) this.patched.add(models);
    return client;
  }

  override disable(): void {
    super.disable();
    for (const models of this.patched) for (const [method] of METHODS) unpatchMethod(models, method);
    this.patched.clear();
  }
}

const instrumenter = clientInstrumenter(() => new GeminiInstrumentation({ enabled: false }));

/** The instance `register()` and `instrumentGemini()` share, so both report through one provider. */
export const defaultGeminiInstrumentation = instrumenter.defaultInstance;

/** Instruments a `GoogleGenAI` client; `register()` enables the same default instance. */
export const instrumentGemini = instrumenter.instrument;
