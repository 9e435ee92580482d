// A small multi-step support agent for the demo: planner (Responses API) → executor LLM with tools →
// tool spans → final LLM answer (streamed on some turns), over several sessions, users, models and
// both providers. Failed calls fall back to a cheaper model, as production agents do.
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { traceAgent, traceTool, traceWorkflow, withConversation } from '../agents.js';
import { recordEvaluation } from '../evaluation.js';
import { DEMO_TOOLS, findTool, type DemoTool } from './tools.js';

export interface DemoAgentOptions {
  openai: OpenAI;
  anthropic: Anthropic;
  sessions?: number;
  turnsPerSession?: number;
  /** Sessions run side by side (default 4). */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface DemoSummary {
  traceIds: string[];
  llmCalls: number;
  toolCalls: number;
  failedCalls: number;
}

type Provider = 'openai' | 'anthropic';
interface Turn { role: 'user' | 'assistant'; content: string }

const MODELS: { provider: Provider; model: string }[] = [
  { provider: 'openai', model: 'gpt-4o' },
  { provider: 'anthropic', model: 'claude-3-5-sonnet-20241022' },
  { provider: 'openai', model: 'gpt-4o-mini' },
  { provider: 'anthropic', model: 'claude-3-5-haiku-20241022' },
];
const USERS = ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com', 'erin@example.com'];
const QUESTIONS: { text: string; tool: string }[] = [
  { text: 'Where is my order A-1042? It was supposed to arrive yesterday.', tool: 'get_order_status' },
  { text: 'How do I configure trace sampling for the collector?', tool: 'search_docs' },
  { text: 'What will the weather be in Lisbon for our team offsite?', tool: 'get_weather' },
  { text: 'Can you check order B-2077 and tell me when it ships?', tool: 'get_order_status' },
  { text: 'How do I rotate the API keys for a project?', tool: 'search_docs' },
  { text: 'Is it sunny in Oslo right now?', tool: 'get_weather' },
  { text: 'Why are my token costs higher this week than last week?', tool: 'search_docs' },
];
const SYSTEM = 'You are a concise customer-support assistant for WatchLLM. Use the tools when they help.';
const PLANNER = 'You plan support conversations. Reply with the steps needed to answer the user.';

export async function runDemoAgent(opts: DemoAgentOptions): Promise<DemoSummary> {
  const summary: DemoSummary = { traceIds: [], llmCalls: 0, toolCalls: 0, failedCalls: 0 };
  const sessions = opts.sessions ?? 8;
  const turns = opts.turnsPerSession ?? 3;
  const queue = Array.from({ length: sessions }, (_, i) => i);
  const worker = async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) await runSession(s, turns, opts, summary);
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker));
  return summary;
}

async function runSession(index: number, turns: number, opts: DemoAgentOptions, summary: DemoSummary): Promise<void> {
  const { provider, model } = MODELS[index % MODELS.length]!;
  const scope = { conversationId: `session-${String(index + 1).padStart(3, '0')}`, userId: USERS[index % USERS.length]! };
  const history: Turn[] = [];
  for (let t = 0; t < turns; t++) {
    const question = QUESTIONS[(index * turns + t) % QUESTIONS.length]!;
    const stream = (index + t) % 2 === 1;
    // Tags as a team would set them: the product area, and what the question needs.
    await withConversation({ ...scope, tags: ['support', question.tool, provider] }, () =>
      traceWorkflow('customer-support', async (span) => {
        summary.traceIds.push(span.spanContext().traceId);
        const plan = await traceAgent('planner', () => planTurn(opts.openai, question.text, summary), { provider: 'openai' }).catch(() => '');
        const tools = [findTool(question.tool)!, ...DEMO_TOOLS.filter((x) => x.name !== question.tool)];
        const ask = plan ? `${question.text}\n\n(Plan: ${plan.slice(0, 120)})` : question.text;
        let answer: string;
        try {
          answer = await traceAgent('support-agent', () =>
            provider === 'openai'
              ? openaiTurn(opts.openai, model, history, ask, tools, stream, summary)
              : anthropicTurn(opts.anthropic, opts.openai, model, history, ask, tools, stream, summary),
          { provider, description: `answers support questions with ${model}` });
        } catch {
          summary.failedCalls++;
          answer = await traceAgent('fallback-agent', () => fallbackTurn(opts.openai, history, question.text, summary), { provider: 'openai' }).catch(() => {
            summary.failedCalls++;
            return 'Sorry, something went wrong. Please try again.';
          });
        }
        // An LLM judge's relevance score of every answer, and now and then a user's thumbs (deterministic, for the dashboard).
        const score = ((index * 7 + t * 3) % 10) / 10 + 0.05;
        recordEvaluation({ name: 'relevance', score, label: score >= 0.5 ? 'relevant' : 'irrelevant', explanation: `judged against: ${question.text.slice(0, 60)}` }, span);
        if ((index + t) % 3 === 0) recordEvaluation({ name: 'user_feedback', label: score >= 0.3 ? 'thumbs_up' : 'thumbs_down' }, span);
        history.push({ role: 'user', content: question.text }, { role: 'assistant', content: answer });
        opts.log?.(`${scope.conversationId} ${scope.userId} [${model}] ${question.text.slice(0, 40)}… → ${answer.slice(0, 50)}…`);
      }),
    );
  }
}

async function planTurn(openai: OpenAI, question: string, summary: DemoSummary): Promise<string> {
  summary.llmCalls++;
  const res = await openai.responses.create({ model: 'gpt-4o-mini', instructions: PLANNER, input: question, max_output_tokens: 200 });
  return res.output_text;
}

async function callTool(tool: DemoTool | undefined, name: string, callId: string, args: Record<string, unknown>, openai: OpenAI, summary: DemoSummary): Promise<string> {
  summary.toolCalls++;
  const result = await traceTool(name, () => (tool ? tool.run(args, { openai }) : Promise.resolve({ error: `unknown tool ${name}` })), {
    callId, arguments: args, description: tool?.description,
  });
  return JSON.stringify(result);
}

async function openaiTurn(openai: OpenAI, model: string, history: Turn[], question: string, tools: DemoTool[], stream: boolean, summary: DemoSummary): Promise<string> {
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'system', content: SYSTEM }, ...history, { role: 'user', content: question }];
  const toolDefs: OpenAI.ChatCompletionTool[] = tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
  summary.llmCalls++;
  const first = await openai.chat.completions.create({ model, messages, tools: toolDefs, temperature: 0.3, max_tokens: 512 });
  const message = first.choices[0]!.message;
  if (!message.tool_calls?.length) return message.content ?? '';
  messages.push(message);
  for (const call of message.tool_calls) {
    if (call.type !== 'function') continue;
    const args = JSON.parse(call.function.arguments || '{}') as Record<string, unknown>;
    const content = await callTool(findTool(call.function.name), call.function.name, call.id, args, openai, summary);
    messages.push({ role: 'tool', tool_call_id: call.id, content });
  }
  summary.llmCalls++;
  if (!stream) {
    const second = await openai.chat.completions.create({ model, messages, tools: toolDefs, temperature: 0.3, max_tokens: 512 });
    return second.choices[0]!.message.content ?? '';
  }
  const chunks = await openai.chat.completions.create({ model, messages, tools: toolDefs, stream: true, stream_options: { include_usage: true } });
  let text = '';
  for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

async function anthropicTurn(
  anthropic: Anthropic, openai: OpenAI, model: string, history: Turn[], question: string, tools: DemoTool[], stream: boolean, summary: DemoSummary,
): Promise<string> {
  const messages: Anthropic.MessageParam[] = [...history, { role: 'user', content: question }];
  const toolDefs: Anthropic.Tool[] = tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters }));
  summary.llmCalls++;
  const first = await anthropic.messages.create({ model, system: SYSTEM, messages, tools: toolDefs, max_tokens: 1024 });
  const uses = first.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
  if (!uses.length) return textOf(first.content);
  messages.push({ role: 'assistant', content: first.content });
  const results: Anthropic.ToolResultBlockParam[] = [];
  for (const use of uses) {
    const content = await callTool(findTool(use.name), use.name, use.id, use.input as Record<string, unknown>, openai, summary);
    results.push({ type: 'tool_result', tool_use_id: use.id, content });
  }
  messages.push({ role: 'user', content: results });
  summary.llmCalls++;
  const params = { model, system: SYSTEM, messages, tools: toolDefs, max_tokens: 1024 };
  const final = stream ? await anthropic.messages.stream(params).finalMessage() : await anthropic.messages.create(params);
  return textOf(final.content);
}

async function fallbackTurn(openai: OpenAI, history: Turn[], question: string, summary: DemoSummary): Promise<string> {
  summary.llmCalls++;
  const res = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: SYSTEM }, ...history, { role: 'user', content: question }] });
  return res.choices[0]!.message.content ?? '';
}

function textOf(blocks: Anthropic.ContentBlock[]): string {
  return blocks.map((b) => (b.type === 'text' ? b.text : '')).join('');
}
