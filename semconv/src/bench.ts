/** Micro benchmark of the ingest hot path: a realistic 12-attribute GenAI chat span with ~1.5 KB of messages. */
import { computeCost, createPriceBook } from './cost/price-book.js';
import { normalizeSpan } from './normalize.js';
import type { SpanInput } from './types.js';

function sampleSpan(i: number): SpanInput {
  const question = 'Summarize the attached quarterly report and list the three biggest risks, with one sentence each. '.repeat(4);
  const answer = 'Revenue grew 12% while churn rose; the main risks are supplier concentration, FX exposure and hiring. '.repeat(5);
  return {
    name: 'chat gpt-4o-mini',
    kind: 'SPAN_KIND_CLIENT',
    scopeName: '@opentelemetry/instrumentation-openai',
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': `chatcmpl-${i}`,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 512,
      'gen_ai.usage.input_tokens': 420 + (i % 50),
      'gen_ai.usage.output_tokens': 128,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.input.messages': JSON.stringify([
        { role: 'system', parts: [{ type: 'text', content: 'You are a careful financial analyst.' }] },
        { role: 'user', parts: [{ type: 'text', content: question }] },
      ]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }]),
    },
    resourceAttributes: { 'service.name': 'bench' },
    events: [],
    startTimeUnixNano: '1730000000000000000',
    endTimeUnixNano: '1730000001000000000',
    statusCode: 'UNSET',
    statusMessage: '',
  };
}

/**
 * ns per span for normalizeSpan + computeCost over `iterations` spans, after a warm-up.
 * Defaults to the ingest configuration (content not decoded); pass decodeContent=true to time the read path.
 */
export function benchNormalize(iterations = 20_000, decodeContent = false): number {
  const spans = Array.from({ length: 64 }, (_, i) => sampleSpan(i));
  const book = createPriceBook();
  let sink = 0;
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      const rec = normalizeSpan(spans[i & 63], undefined, { decodeContent });
      if (rec) sink += computeCost(rec, book, 1730000000000).costUsd ?? 0;
    }
  };
  run(Math.min(iterations, 5_000));
  const t0 = process.hrtime.bigint();
  run(iterations);
  const ns = Number(process.hrtime.bigint() - t0) / iterations;
  if (sink < 0) throw new Error('unreachable'); // keeps the work observable to the optimizer
  return ns;
}
