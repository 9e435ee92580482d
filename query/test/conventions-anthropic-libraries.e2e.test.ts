/**
 * Claude through the third-party instrumentations Anthropic users run: `@arizeai/openinference-instrumentation-anthropic`
 * (OpenInference: cache-inclusive `llm.token_count.prompt`) and `@traceloop/instrumentation-anthropic` (OpenLLMetry:
 * gen_ai.* names, but Anthropic's cache-exclusive input_tokens passed through — read by its scope and version).
 * Each library runs in its own stack; the stored tokens and catalog cost must match what the SDK returned.
 */
import * as AnthropicModule from '@anthropic-ai/sdk';
import { AnthropicInstrumentation as OpenInferenceAnthropic } from '@arizeai/openinference-instrumentation-anthropic';
import { AnthropicInstrumentation as TraceloopAnthropic } from '@traceloop/instrumentation-anthropic';
import { describe, expect, it } from 'vitest';
import { expectClaudeCallsPriced, runAnthropicCalls, type AnthropicLibraryRun } from './anthropic-libraries.js';
import { modelSpans, readTrace } from './llm-e2e.js';

/** Runs `check` on a run and closes it (one embedded store per process, so one stack at a time). */
async function using(run: AnthropicLibraryRun, check: (run: AnthropicLibraryRun) => Promise<void>): Promise<void> {
  try {
    await check(run);
  } finally {
    await run.close();
  }
}

describe('Anthropic through third-party instrumentations → collector → canonical records', () => {
  it('OpenInference: tokens with cache, cache reads and writes apart, catalog cost', async () => {
    const run = await runAnthropicCalls('anthropic-openinference', (otel) =>
      new OpenInferenceAnthropic({ tracerProvider: otel.tracerProvider }).manuallyInstrument(AnthropicModule as never),
    );
    await using(run, expectClaudeCallsPriced);
  });

  it('OpenLLMetry: its cache-exclusive input count corrected once, by the library that sent it', async () => {
    const run = await runAnthropicCalls('anthropic-traceloop', (otel) => {
      const instrumentation = new TraceloopAnthropic();
      instrumentation.setTracerProvider(otel.tracerProvider);
      // 0.27.0 also wraps the legacy Completions and Beta APIs, which this SDK version no longer has at those names.
      instrumentation.manuallyInstrument({ Anthropic: { Completions: class {}, Messages: AnthropicModule.Anthropic.Messages, Beta: { Messages: class {} } } } as never);
    });
    await using(run, async () => {
      await expectClaudeCallsPriced(run);
      const [span] = modelSpans(await readTrace(run.stack.api, run.calls[1].traceId));
      expect(span.attributes['gen_ai.usage.input_tokens']).toBe(run.calls[1].usage.input_tokens);
      expect(span.genAi!.diagnostics.notes).toEqual([expect.stringMatching(/^anthropic input tokens were exclusive of cache \(@traceloop\/instrumentation-anthropic/)]);
    });
  });
});
