// The "send your first span" snippet shown on an empty traces page.

function randomHex(bytes: number, random: () => number): string {
  let s = '';
  for (let i = 0; i < bytes; i++) s += Math.floor(random() * 256).toString(16).padStart(2, '0');
  return s;
}

/** A curl command posting one OTLP/JSON GenAI span to the collector's HTTP endpoint on `host`. */
export function firstSpanCurl(host: string, nowMs: number, random: () => number = Math.random): string {
  const startNs = `${Math.floor(nowMs - 1200)}000000`;
  const endNs = `${Math.floor(nowMs)}000000`;
  const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'my-first-app')] },
        scopeSpans: [
          {
            scope: { name: 'curl' },
            spans: [
              {
                traceId: randomHex(16, random),
                spanId: randomHex(8, random),
                name: 'chat gpt-4o-mini',
                kind: 3,
                startTimeUnixNano: startNs,
                endTimeUnixNano: endNs,
                attributes: [
                  str('gen_ai.operation.name', 'chat'),
                  str('gen_ai.provider.name', 'openai'),
                  str('gen_ai.request.model', 'gpt-4o-mini'),
                  int('gen_ai.usage.input_tokens', 12),
                  int('gen_ai.usage.output_tokens', 9),
                  str('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hello!' }] }])),
                  str('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Hi there.' }], finish_reason: 'stop' }])),
                ],
              },
            ],
          },
        ],
      },
    ],
  };
  return `curl -X POST http://${host}:4318/v1/traces \\\n  -H 'Content-Type: application/json' \\\n  -d '${JSON.stringify(body).replace(/'/g, "'\\''")}'`;
}

/** Environment for any OpenTelemetry SDK to export to this collector. */
export function sdkEnvSnippet(host: string): string {
  return `export OTEL_EXPORTER_OTLP_ENDPOINT=http://${host}:4318\nexport OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\nexport OTEL_SERVICE_NAME=my-app`;
}

/** Environment for a Langfuse SDK (v3+ Python, v4+ JS) to send here instead: the base URL is this UI's origin. */
export function langfuseEnvSnippet(origin: string): string {
  return `export LANGFUSE_BASE_URL=${origin}\nexport LANGFUSE_PUBLIC_KEY=pk-lf-any\nexport LANGFUSE_SECRET_KEY=<a WatchLLM API key, when auth is on>\nexport LANGFUSE_MEDIA_UPLOAD_ENABLED=false`;
}
