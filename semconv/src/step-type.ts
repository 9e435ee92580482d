import type { StepType } from './types.js';

const BY_OPERATION: Record<string, StepType> = {
  chat: 'llm', text_completion: 'llm', generate_content: 'llm', completion: 'llm',
  embeddings: 'embedding', embedding: 'embedding',
  execute_tool: 'tool',
  invoke_agent: 'agent', create_agent: 'agent',
  retrieval: 'retrieval', rerank: 'retrieval',
  invoke_workflow: 'chain', workflow: 'chain',
};

/** The operation decides when it is known; otherwise the convention's own span kind (hint). */
export function stepTypeFor(operation: string | null, hint: StepType | null): StepType {
  return (operation !== null ? BY_OPERATION[operation] : undefined) ?? hint ?? 'other';
}

/**
 * Operation from a semconv span name (`chat gpt-4o`, `execute_tool get_weather`) when the attribute is missing;
 * or, for a span that names a model, from OpenLLMetry's `<vendor>.completion` / `<vendor>.chat` names (its Bedrock
 * instrumentation names Converse calls `bedrock.completion` and records nothing else that says so).
 */
export function operationFromSpanName(name: string, hasModel = false): string | null {
  const space = name.indexOf(' ');
  const head = space < 0 ? name : name.slice(0, space);
  if (head in BY_OPERATION && head !== 'completion' && head !== 'embedding' && head !== 'workflow') return head;
  return hasModel && /^[a-z][a-z0-9_-]*\.(?:completion|chat)$/.test(name) ? 'chat' : null;
}
