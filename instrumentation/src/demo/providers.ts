// The demo's tour of the other providers: a research agent asks Gemini (once streamed) and Claude on
// Bedrock (Converse, and InvokeModel with a Messages body), so `npm run demo` shows every instrumented SDK.
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { GoogleGenAI } from '@google/genai';
import { traceAgent, withConversation } from '../agents.js';

export interface ProviderTourOptions {
  gemini: GoogleGenAI;
  bedrock: BedrockRuntimeClient;
  /** The SDK's command classes (passed in: the demo's only runtime use of the AWS SDK). */
  commands: { ConverseCommand: new (input: never) => unknown; InvokeModelCommand: new (input: never) => unknown };
}

const BEDROCK_CLAUDE = 'anthropic.claude-3-5-haiku-20241022-v1:0';

/** Runs the tour; returns its trace ids. */
export async function runProviderTour(opts: ProviderTourOptions): Promise<string[]> {
  const topics = ['vector databases for RAG', 'prompt caching'];
  const traceIds: string[] = [];
  for (const [i, topic] of topics.entries()) {
    traceIds.push(
      await withConversation({ conversationId: `research-${i + 1}`, userId: 'frank@example.com' }, () =>
        traceAgent('research-agent', async (span) => {
          const traceId = span.spanContext().traceId;
          const question = `Summarize what matters about ${topic}.`;
          // The demo's stub fails some calls on purpose: a failed call is an error span, and the agent goes on.
          const attempt = (call: () => Promise<unknown>) => call().catch(() => undefined);
          if (i === 0) await attempt(() => opts.gemini.models.generateContent({ model: 'gemini-2.0-flash', contents: question, config: { systemInstruction: 'You are a research assistant.' } }));
          else await attempt(async () => {
            for await (const _chunk of await opts.gemini.models.generateContentStream({ model: 'gemini-2.5-flash', contents: question })) void _chunk;
          });
          await attempt(() => opts.bedrock.send(new opts.commands.ConverseCommand({ modelId: BEDROCK_CLAUDE, system: [{ text: 'Check the summary for mistakes.' }], messages: [{ role: 'user', content: [{ text: question }] }] } as never) as never));
          await attempt(() =>
            opts.bedrock.send(
              new opts.commands.InvokeModelCommand({
                modelId: BEDROCK_CLAUDE,
                contentType: 'application/json',
                body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 256, messages: [{ role: 'user', content: `Give one follow-up question on ${topic}.` }] }),
              } as never) as never,
            ),
          );
          return traceId;
        }),
      ),
    );
  }
  return traceIds;
}
