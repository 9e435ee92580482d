// OpenAI-compatible routes of the stub: chat completions, responses, embeddings.
import { answerText, chunkText, embeddingVector, estimateTokens, stubId, toolArguments, type Json } from './stub-content.js';
import { json, sse, type SseEvent, type StubReply } from './stub-reply.js';

const CREATED = 1_735_689_600; // fixed timestamp: replies are byte-for-byte deterministic

export const openAiError = (status: number, message: string): unknown => ({
  error: {
    message,
    type: status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error',
    code: status === 429 ? 'rate_limit_exceeded' : null,
    param: null,
  },
});

interface Turn {
  prompt: string;
  toolResults: string[];
  tool?: { name: string; parameters: unknown };
  promptTokens: number;
  cachedTokens: number;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p as Json).text ?? '').join(' ');
  return '';
}

/** Decides what the model does: call the first offered tool until a tool result is in the conversation. */
function planTurn(messages: Json[], tools: Json[], extra: string): Turn {
  const prompt = contentText([...messages].reverse().find((m) => m.role === 'user')?.content);
  const toolResults = messages.filter((m) => m.role === 'tool').map((m) => contentText(m.content));
  const first = tools[0];
  const fn = (first?.function ?? first) as Json | undefined;
  const tool = fn && !toolResults.length ? { name: String(fn.name ?? 'tool'), parameters: fn.parameters } : undefined;
  const promptTokens = estimateTokens(JSON.stringify(messages) + JSON.stringify(tools) + extra) + 7;
  // Follow-up turns reuse the cached prefix, like provider prompt caching does.
  const cachedTokens = messages.length > 2 ? Math.floor(promptTokens / 2) : 0;
  return { prompt, toolResults, tool, promptTokens, cachedTokens };
}

export function chatCompletions(body: Json): StubReply {
  const model = String(body.model ?? 'gpt-4o-mini');
  const messages = (body.messages as Json[] | undefined) ?? [];
  const turn = planTurn(messages, (body.tools as Json[] | undefined) ?? [], '');
  const id = stubId('chatcmpl-', JSON.stringify(body));
  const text = turn.tool ? '' : answerText(turn.prompt, turn.toolResults);
  const toolCall = turn.tool && {
    id: stubId('call_', id),
    type: 'function',
    function: { name: turn.tool.name, arguments: JSON.stringify(toolArguments(turn.tool.parameters, turn.prompt)) },
  };
  const reasoning = /^o\d/.test(model) ? 64 : 0;
  const completionTokens = estimateTokens(text || toolCall!.function.arguments) + reasoning;
  const usage = {
    prompt_tokens: turn.promptTokens,
    completion_tokens: completionTokens,
    total_tokens: turn.promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: turn.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0 },
  };
  const finish = toolCall ? 'tool_calls' : 'stop';
  const base = { id, created: CREATED, model, system_fingerprint: 'fp_stub' };
  if (body.stream !== true) {
    const message = { role: 'assistant', content: toolCall ? null : text, refusal: null, tool_calls: toolCall ? [toolCall] : undefined };
    return json({ ...base, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage });
  }
  const chunk = (delta: Json, finishReason: string | null = null): SseEvent => ({
    data: { ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] },
  });
  const events: SseEvent[] = [chunk({ role: 'assistant', content: '' })];
  if (toolCall) {
    events.push(chunk({ tool_calls: [{ index: 0, id: toolCall.id, type: 'function', function: { name: toolCall.function.name, arguments: '' } }] }));
    for (const piece of chunkText(toolCall.function.arguments, 1)) {
      events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    }
  } else {
    for (const piece of chunkText(text)) events.push(chunk({ content: piece }));
  }
  events.push(chunk({}, finish));
  if ((body.stream_options as Json | undefined)?.include_usage) {
    events.push({ data: { ...base, object: 'chat.completion.chunk', choices: [], usage } });
  }
  events.push({ data: '[DONE]' });
  return sse(events);
}

/** Responses API input (string or items) as chat-style messages, so one planner serves both. */
function responsesMessages(input: unknown): Json[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input)) return [];
  return input.map((item: Json) =>
    item.type === 'function_call_output'
      ? { role: 'tool', content: String(item.output ?? '') }
      : item.type === 'function_call'
        ? { role: 'assistant', content: '' }
        : { role: item.role ?? 'user', content: item.content },
  );
}

export function responses(body: Json): StubReply {
  const model = String(body.model ?? 'gpt-4o-mini');
  const turn = planTurn(responsesMessages(body.input), (body.tools as Json[] | undefined) ?? [], String(body.instructions ?? ''));
  const id = stubId('resp_', JSON.stringify(body));
  const output: Json[] = [];
  let outputText = '';
  if (turn.tool) {
    const args = JSON.stringify(toolArguments(turn.tool.parameters, turn.prompt));
    output.push({ type: 'function_call', id: stubId('fc_', id), call_id: stubId('call_', id), name: turn.tool.name, arguments: args, status: 'completed' });
    outputText = args;
  } else {
    outputText = answerText(turn.prompt, turn.toolResults);
    output.push({
      type: 'message', id: stubId('msg_', id), role: 'assistant', status: 'completed',
      content: [{ type: 'output_text', text: outputText, annotations: [] }],
    });
  }
  // Reasoning models think before answering; their output count includes it (as the chat route's does).
  const reasoning = /^o\d/.test(model) ? 64 : 0;
  const outputTokens = estimateTokens(outputText) + reasoning;
  const response = {
    id, object: 'response', created_at: CREATED, status: 'completed', model, output,
    instructions: body.instructions ?? null, incomplete_details: null, error: null,
    usage: {
      input_tokens: turn.promptTokens, input_tokens_details: { cached_tokens: turn.cachedTokens },
      output_tokens: outputTokens, output_tokens_details: { reasoning_tokens: reasoning },
      total_tokens: turn.promptTokens + outputTokens,
    },
  };
  if (body.stream !== true) return json(response);
  let seq = 0;
  const event = (type: string, data: Json): SseEvent => ({ event: type, data: { type, sequence_number: seq++, ...data } });
  const events: SseEvent[] = [event('response.created', { response: { ...response, status: 'in_progress', output: [], usage: null } })];
  if (!turn.tool) {
    for (const piece of chunkText(outputText)) {
      events.push(event('response.output_text.delta', { item_id: output[0]!.id, output_index: 0, content_index: 0, delta: piece }));
    }
  }
  events.push(event('response.output_item.done', { output_index: 0, item: output[0] }));
  events.push(event('response.completed', { response }));
  return sse(events);
}

export function embeddings(body: Json): StubReply {
  const inputs = Array.isArray(body.input) ? body.input.map(String) : [String(body.input ?? '')];
  const dims = typeof body.dimensions === 'number' ? body.dimensions : 16;
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((text, index) => {
    const vector = embeddingVector(text, dims);
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = inputs.reduce((n, t) => n + estimateTokens(t), 0);
  return json({ object: 'list', data, model: String(body.model ?? 'text-embedding-3-small'), usage: { prompt_tokens: tokens, total_tokens: tokens } });
}
