// Gemini API (`/v1beta/models/{model}:generateContent`, `:streamGenerateContent`, `:embedContent`,
// `:batchEmbedContents`) of the stub, incl. streaming and function calls, as @google/genai calls it.
import { answerText, chunkText, embeddingVector, estimateTokens, stubId, toolArguments, type Json } from './stub-content.js';
import { json, sse, type StubReply } from './stub-reply.js';

export const geminiError = (status: number, message: string): unknown => ({
  error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT' },
});

/** `/v1beta/models/gemini-2.0-flash:generateContent` → the model and the method, or undefined for another path. */
export function geminiRoute(path: string): { model: string; method: string } | undefined {
  const m = /^\/v1(?:beta|alpha)?\/models\/([^:/]+):(\w+)$/.exec(path);
  return m ? { model: decodeURIComponent(m[1]!), method: m[2]! } : undefined;
}

const partsOf = (content: unknown): Json[] => (Array.isArray((content as Json | undefined)?.parts) ? ((content as Json).parts as Json[]) : []);

export function generateContent(body: Json, model: string, stream: boolean): StubReply {
  const contents = (body.contents as Json[] | undefined) ?? [];
  const declarations = ((body.tools as Json[] | undefined) ?? []).flatMap((t) => (t.functionDeclarations as Json[] | undefined) ?? []);
  const lastUser = [...contents].reverse().find((c) => c.role !== 'model' && partsOf(c).some((p) => typeof p.text === 'string'));
  const prompt = partsOf(lastUser).map((p) => String(p.text ?? '')).join(' ');
  const toolResults = contents.flatMap((c) => partsOf(c).filter((p) => p.functionResponse).map((p) => JSON.stringify((p.functionResponse as Json).response ?? {})));
  const parts: Json[] =
    declarations[0] && !toolResults.length
      ? [{ functionCall: { name: String(declarations[0].name), args: toolArguments(declarations[0].parameters ?? declarations[0].parametersJsonSchema, prompt) } }]
      : [{ text: answerText(prompt, toolResults) }];
  // The system instruction is the cached prefix on later turns; Gemini counts cached tokens inside promptTokenCount.
  const systemTokens = body.systemInstruction ? estimateTokens(JSON.stringify(body.systemInstruction)) + 200 : 0;
  const usageMetadata = {
    promptTokenCount: estimateTokens(JSON.stringify(contents) + JSON.stringify(declarations)) + systemTokens,
    candidatesTokenCount: estimateTokens(JSON.stringify(parts)),
    ...(contents.length > 1 && systemTokens ? { cachedContentTokenCount: systemTokens } : {}),
    ...(/thinking|pro/.test(model) ? { thoughtsTokenCount: 24 } : {}),
  };
  const totals = { ...usageMetadata, totalTokenCount: usageMetadata.promptTokenCount + usageMetadata.candidatesTokenCount + (usageMetadata.thoughtsTokenCount ?? 0) };
  const responseId = stubId('', JSON.stringify(body) + model);
  const modelVersion = `${model}-001`;
  const finishReason = 'STOP';
  if (!stream) return json({ candidates: [{ content: { role: 'model', parts }, finishReason, index: 0 }], usageMetadata: totals, modelVersion, responseId });
  // Text in small pieces, a function call whole; the last chunk carries the finish reason and the usage.
  const pieces: Json[][] = parts[0]!.text !== undefined ? chunkText(String(parts[0]!.text)).map((text) => [{ text }]) : [parts];
  return sse(
    pieces.map((chunkParts, i) => ({
      data: {
        candidates: [{ content: { role: 'model', parts: chunkParts }, index: 0, ...(i === pieces.length - 1 ? { finishReason } : {}) }],
        usageMetadata: i === pieces.length - 1 ? totals : { promptTokenCount: usageMetadata.promptTokenCount },
        modelVersion,
        responseId,
      },
    })),
  );
}

export function embedContent(body: Json, model: string, batch: boolean): StubReply {
  const dims = (body: Json) => (typeof body.outputDimensionality === 'number' ? body.outputDimensionality : 16);
  const text = (content: unknown) => partsOf(content).map((p) => String(p.text ?? '')).join(' ');
  if (!batch) return json({ embedding: { values: embeddingVector(text(body.content), dims(body)) } });
  const requests = (body.requests as Json[] | undefined) ?? [];
  return json({ embeddings: requests.map((r) => ({ values: embeddingVector(text(r.content), dims(r)) })), model });
}
