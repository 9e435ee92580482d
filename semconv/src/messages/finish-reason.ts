/** Provider finish reasons → the spec's values (stop, length, content_filter, tool_call, error); unknown ones lower-cased. */
const CANONICAL: Record<string, string> = {
  stop: 'stop', end_turn: 'stop', stop_sequence: 'stop', eos: 'stop', complete: 'stop', finish_reason_stop: 'stop',
  length: 'length', max_tokens: 'length', max_output_tokens: 'length', model_length: 'length',
  tool_call: 'tool_call', tool_calls: 'tool_call', 'tool-calls': 'tool_call', tool_use: 'tool_call', function_call: 'tool_call',
  content_filter: 'content_filter', 'content-filter': 'content_filter', safety: 'content_filter', recitation: 'content_filter',
  refusal: 'content_filter', blocklist: 'content_filter', prohibited_content: 'content_filter',
  error: 'error',
};

export function normalizeFinishReason(raw: string): string {
  const lower = raw.toLowerCase();
  return CANONICAL[lower] ?? lower;
}
