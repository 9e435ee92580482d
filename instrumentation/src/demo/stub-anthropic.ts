// Anthropic-compatible `/v1/messages` route of the stub, incl. streaming events and tool_use.
import { answerText, chunkText, estimateTokens, stubId, toolArguments, type Json } from './stub-content.js';
import { json, sse, type SseEvent, type StubReply } from './stub-reply.js';

export const anthropicError = (status: number, message: string): unknown => ({
  type: 'error',
  error: {
    type: status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status >= 500 ? 'api_error' : 'invalid_request_error',
    message,
  },
});

function blocks(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as Json[]) : [];
}

function blockText(content: unknown): string {
  return blocks(content).map((b) => (typeof b.text === 'string' ? b.text : typeof b.content === 'string' ? b.content : '')).join(' ');
}

export function messages(body: Json): StubReply {
  const model = String(body.model ?? 'claude-3-5-haiku-20241022');
  const msgs = (body.messages as Json[] | undefined) ?? [];
  const tools = (body.tools as Json[] | undefined) ?? [];
  const lastUser = [...msgs].reverse().find((m) => m.role === 'user' && blocks(m.content).some((b) => b.type === 'text'));
  const prompt = blockText(lastUser?.content);
  const toolResults = msgs.flatMap((m) => blocks(m.content).filter((b) => b.type === 'tool_result').map((b) => blockText(b.content) || String(b.content ?? '')));
  const id = stubId('msg_', JSON.stringify(body));
  const content: Json[] = [];
  if (tools[0] && !toolResults.length) {
    content.push({ type: 'text', text: 'Let me look that up.' });
    content.push({ type: 'tool_use', id: stubId('toolu_', id), name: String(tools[0].name), input: toolArguments(tools[0].input_schema, prompt) });
  } else {
    content.push({ type: 'text', text: answerText(prompt, toolResults) });
  }
  const stopReason = content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  // The system prompt is the cached prefix: written on the first turn, read on later ones.
  // Anthropic reports input_tokens *excluding* cached tokens.
  const systemTokens = body.system ? estimateTokens(JSON.stringify(body.system)) + 200 : 0;
  const firstTurn = msgs.length <= 1;
  const usage = {
    input_tokens: estimateTokens(JSON.stringify(msgs) + JSON.stringify(tools)) + 5,
    cache_creation_input_tokens: firstTurn ? systemTokens : 0,
    cache_read_input_tokens: firstTurn ? 0 : systemTokens,
    output_tokens: estimateTokens(JSON.stringify(content)),
  };
  const message = { id, type: 'message', role: 'assistant', model, content, stop_reason: stopReason, stop_sequence: null, usage };
  if (body.stream !== true) return json(message);

  const events: SseEvent[] = [];
  const push = (type: string, data: Json) => events.push({ event: type, data: { type, ...data } });
  push('message_start', { message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      push('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const piece of chunkText(String(block.text))) push('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
    } else {
      push('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      for (const piece of chunkText(JSON.stringify(block.input), 1)) {
        push('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
      }
    }
    push('content_block_stop', { index });
  });
  push('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  push('message_stop', {});
  return sse(events);
}
