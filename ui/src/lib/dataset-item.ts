// A span as a dataset item, the way Langfuse's "Add to dataset" makes one: the span's input as the item's input,
// its output as the expected output, and the span as the item's source.

import type { Span } from '../api/types.js';
import { chatItems, type ChatItem } from './messages.js';
import { parseJsonish } from './json.js';

/** The body of POST /api/v1/datasets/{name}/items for a span. */
export interface SpanItemBody {
  input: unknown;
  expectedOutput?: unknown;
  sourceTraceId: string;
  sourceObservationId: string;
}

const asMessage = (item: ChatItem) => ({ role: item.role, parts: item.parts });
/** Tool arguments and results often arrive as JSON text: stored as the JSON they hold. */
const asValue = (value: unknown) => (value === null || value === undefined ? null : (parseJsonish(value) ?? value));

/**
 * The span's messages as the panel shows them (system instructions and input messages in, output messages out), or a
 * tool's arguments and result; null when the span recorded no input to add.
 */
export function spanItemBody(span: Pick<Span, 'traceId' | 'spanId' | 'genAi'>): SpanItemBody | null {
  const g = span.genAi;
  if (!g) return null;
  const items = chatItems(g);
  const inMessages = items.filter((i) => i.source !== 'output').map(asMessage);
  const outMessages = items.filter((i) => i.source === 'output').map(asMessage);
  const input = inMessages.length > 0 ? inMessages : asValue(g.toolArguments);
  const output = outMessages.length > 0 ? outMessages : asValue(g.toolResult);
  if (input === null) return null;
  return { input, ...(output !== null && { expectedOutput: output }), sourceTraceId: span.traceId, sourceObservationId: span.spanId };
}
