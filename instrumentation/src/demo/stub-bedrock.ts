// Amazon Bedrock Runtime Converse API (`/model/{modelId}/converse`, `/model/{modelId}/converse-stream`) of
// the stub, as @aws-sdk/client-bedrock-runtime calls it: JSON, and the AWS event stream for streams.
import { crc32 } from 'node:zlib';
import { answerText, chunkText, estimateTokens, toolArguments, stubId, type Json } from './stub-content.js';
import { json, type StubReply } from './stub-reply.js';
import { messages } from './stub-anthropic.js';

export const bedrockError = (status: number, message: string): unknown => ({ message, __type: status === 429 ? 'ThrottlingException' : status >= 500 ? 'InternalServerException' : 'ValidationException' });

/** `/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse` → the model id, the API and whether it streams. */
export function bedrockRoute(path: string): { modelId: string; api: 'converse' | 'invoke'; stream: boolean } | undefined {
  const m = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/.exec(path);
  if (!m) return undefined;
  return { modelId: decodeURIComponent(m[1]!), api: m[2]!.startsWith('converse') ? 'converse' : 'invoke', stream: m[2] === 'converse-stream' || m[2] === 'invoke-with-response-stream' };
}

/**
 * InvokeModel with a Claude model: the body is Anthropic's Messages request, the reply its message — or, streamed,
 * its events, each as a `chunk` event whose `bytes` are the event's JSON.
 */
export function invokeModel(body: Json, stream: boolean): StubReply {
  const reply = messages({ ...body, stream });
  if (reply.kind !== 'sse') return reply;
  return { kind: 'binary', contentType: 'application/vnd.amazon.eventstream', chunks: reply.events.map((e) => eventMessage('chunk', { bytes: Buffer.from(JSON.stringify(e.data)).toString('base64') })) };
}

const blocks = (message: Json | undefined): Json[] => (Array.isArray(message?.content) ? (message!.content as Json[]) : []);

export function converse(body: Json, modelId: string, stream: boolean): StubReply {
  const messages = (body.messages as Json[] | undefined) ?? [];
  const tools = (((body.toolConfig as Json | undefined)?.tools as Json[] | undefined) ?? []).map((t) => t.toolSpec as Json).filter(Boolean);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user' && blocks(m).some((b) => typeof b.text === 'string'));
  const prompt = blocks(lastUser).map((b) => String(b.text ?? '')).join(' ');
  const toolResults = messages.flatMap((m) => blocks(m).filter((b) => b.toolResult).map((b) => JSON.stringify((b.toolResult as Json).content ?? '')));
  const content: Json[] =
    tools[0] && !toolResults.length
      ? [{ text: 'Let me check.' }, { toolUse: { toolUseId: stubId('tooluse_', prompt), name: String(tools[0].name), input: toolArguments((tools[0].inputSchema as Json | undefined)?.json, prompt) } }]
      : [{ text: answerText(prompt, toolResults) }];
  const stopReason = content.some((b) => b.toolUse) ? 'tool_use' : 'end_turn';
  // The system prompt is the cached prefix: written on the first turn, read on later ones (Bedrock's
  // inputTokens leaves both out, as Anthropic's own API does).
  const systemTokens = body.system ? estimateTokens(JSON.stringify(body.system)) + 200 : 0;
  const firstTurn = messages.length <= 1;
  const usage = {
    inputTokens: estimateTokens(JSON.stringify(messages) + JSON.stringify(tools)) + 5,
    outputTokens: estimateTokens(JSON.stringify(content)),
    cacheReadInputTokens: firstTurn ? 0 : systemTokens,
    cacheWriteInputTokens: firstTurn ? systemTokens : 0,
  };
  const totals = { ...usage, totalTokens: usage.inputTokens + usage.outputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens };
  if (!stream) return json({ output: { message: { role: 'assistant', content } }, stopReason, usage: totals, metrics: { latencyMs: 12 } });

  const events: [string, Json][] = [['messageStart', { role: 'assistant' }]];
  content.forEach((block, contentBlockIndex) => {
    if (typeof block.text === 'string') {
      for (const text of chunkText(block.text)) events.push(['contentBlockDelta', { contentBlockIndex, delta: { text } }]);
    } else {
      const use = block.toolUse as Json;
      events.push(['contentBlockStart', { contentBlockIndex, start: { toolUse: { toolUseId: use.toolUseId, name: use.name } } }]);
      for (const input of chunkText(JSON.stringify(use.input), 1)) events.push(['contentBlockDelta', { contentBlockIndex, delta: { toolUse: { input } } }]);
    }
    events.push(['contentBlockStop', { contentBlockIndex }]);
  });
  events.push(['messageStop', { stopReason }]);
  events.push(['metadata', { usage: totals, metrics: { latencyMs: 12 } }]);
  return { kind: 'binary', contentType: 'application/vnd.amazon.eventstream', chunks: events.map(([type, payload]) => eventMessage(type, payload)) };
}

/** One message of the AWS event stream encoding: prelude (lengths + CRC32), string headers, JSON payload, CRC32. */
export function eventMessage(eventType: string, payload: Json): Buffer {
  const headers = Buffer.concat(
    Object.entries({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }).map(([name, value]) => {
      const n = Buffer.from(name);
      const v = Buffer.from(value);
      const h = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
      h.writeUInt8(n.length, 0);
      n.copy(h, 1);
      h.writeUInt8(7, 1 + n.length); // string
      h.writeUInt16BE(v.length, 2 + n.length);
      v.copy(h, 4 + n.length);
      return h;
    }),
  );
  const body = Buffer.from(JSON.stringify(payload));
  const total = 12 + headers.length + body.length + 4;
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headers.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(crc32(prelude) >>> 0, 0);
  const message = Buffer.concat([prelude, preludeCrc, headers, body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(message) >>> 0, 0);
  return Buffer.concat([message, crc]);
}
