/**
 * A LangChain.js tool-calling agent for the LangChain conventions tests: `ChatOpenAI` (gpt-4o) bound to a
 * weather tool, talking to the stub LLM server, run inside a `RunnableLambda` with LangGraph-style run
 * metadata (thread and user ids), under a root span whose trace id the test reads back. The instrumentation
 * under test is wired by `instrument`; what LangChain saw (each reply's usage, the tool call) is the ground truth.
 */
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { HumanMessage, type AIMessage, type BaseMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import type { TestStack } from './helpers.js';
import { inRootSpan, withLlmTestBed, type OtelToStack } from './llm-e2e.js';

export const LANGCHAIN_MODEL = 'gpt-4o';
export const LANGCHAIN_QUESTION = 'Weather in Lisbon tomorrow?';
export const RUN_METADATA = { thread_id: 'lc-thread-7', user_id: 'ana' };

export interface LangChainRun {
  stack: TestStack;
  traceId: string;
  /** The model's replies, in order: the tool call, then the answer. */
  replies: AIMessage[];
  toolResult: string;
  close(): Promise<void>;
}

export async function runLangChainAgent(service: string, instrument: (otel: OtelToStack, callbackManager: typeof CallbackManagerModule) => void): Promise<LangChainRun> {
  return withLlmTestBed(service, async ({ stack, stub, otel, close }) => {
    instrument(otel, CallbackManagerModule);
    const weather = tool(async ({ city }) => `Sunny in ${city}, 24°C`, {
      name: 'get_weather',
      description: 'Forecast for a city',
      schema: z.object({ city: z.string() }),
    });
    const model = new ChatOpenAI({ model: LANGCHAIN_MODEL, apiKey: 'test-key', configuration: { baseURL: stub.openaiBaseURL }, maxRetries: 0, temperature: 0.2 }).bindTools([weather]);
    const replies: AIMessage[] = [];
    let toolResult = '';
    const agent = RunnableLambda.from(async (question: string, config) => {
      const messages: BaseMessage[] = [new HumanMessage(question)];
      for (let turn = 0; turn < 3; turn++) {
        const reply = await model.invoke(messages, config);
        replies.push(reply);
        messages.push(reply);
        if (!reply.tool_calls?.length) return reply.content;
        for (const call of reply.tool_calls) {
          const message = await weather.invoke({ ...call, type: 'tool_call' }, config);
          toolResult = String(message.content);
          messages.push(message);
        }
      }
      return '';
    }).withConfig({ runName: 'weather-agent' });
    const traceId = await inRootSpan(otel.tracer, 'case langchain', () => agent.invoke(LANGCHAIN_QUESTION, { metadata: RUN_METADATA }));
    await otel.flush();
    if (replies.length !== 2 || !replies[0].tool_calls?.length) throw new Error(`the agent did not call its tool and answer: ${replies.length} replies`);
    return { stack, traceId, replies, toolResult, close };
  });
}
