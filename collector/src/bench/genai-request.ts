import { randomBytes } from 'node:crypto';
import { ExportTraceServiceRequest } from '../otlp/proto.js';

const MODELS = [
  ['openai', 'gpt-4o-mini'],
  ['openai', 'gpt-4o'],
  ['anthropic', 'claude-3-5-sonnet-20241022'],
  ['anthropic', 'claude-3-5-haiku-20241022'],
] as const;

const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
const int = (key: string, v: number) => ({ key, value: { intValue: v } });

/**
 * An OTLP request of GenAI-shaped spans: ~12 attributes each, ~1.5 KB of messages,
 * ~2 KB per span encoded — the row shape the ingest targets are stated for.
 */
export function genAiRequestObject(spans: number, seed = 0): Record<string, unknown> {
  const traceId = randomBytes(16);
  const now = BigInt(Date.now()) * 1_000_000n;
  const list = [];
  for (let i = 0; i < spans; i++) {
    const [provider, model] = MODELS[(seed + i) % MODELS.length];
    const start = now - BigInt((spans - i) * 1_000_000);
    const prompt = `Question ${seed}-${i}: ${'summarize the quarterly report and list the risks '.repeat(14)}`;
    const answer = `Answer ${i}: ${'the report shows steady growth with three notable risks '.repeat(12)}`;
    list.push({
      traceId: i % 10 === 0 ? (traceId[0]++, Buffer.from(traceId)) : Buffer.from(traceId),
      spanId: randomBytes(8),
      parentSpanId: i % 10 === 0 ? Buffer.alloc(0) : randomBytes(8),
      name: `chat ${model}`,
      kind: 3,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 850_000_000n).toString(),
      attributes: [
        str('gen_ai.operation.name', 'chat'),
        str('gen_ai.provider.name', provider),
        str('gen_ai.request.model', model),
        str('gen_ai.response.model', model),
        str('gen_ai.response.id', `resp_${seed}_${i}`),
        int('gen_ai.usage.input_tokens', 420 + (i % 50)),
        int('gen_ai.usage.output_tokens', 120 + (i % 30)),
        int('gen_ai.usage.cache_read.input_tokens', i % 3 === 0 ? 128 : 0),
        { key: 'gen_ai.request.temperature', value: { doubleValue: 0.2 } },
        str('gen_ai.conversation.id', `conv-${seed % 97}`),
        str('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: prompt }] }])),
        str('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }])),
      ],
      status: { code: i % 25 === 0 ? 2 : 0 },
    });
  }
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'bench-agent'), str('deployment.environment', 'bench')] },
        scopeSpans: [{ scope: { name: 'bench', version: '1.0.0' }, spans: list }],
      },
    ],
  };
}

export function encodeGenAiRequest(spans: number, seed = 0): Uint8Array {
  return ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(genAiRequestObject(spans, seed))).finish();
}
