import type { GenAiRecord } from './types.js';

/** A fresh record with every field empty. One literal shape for all records keeps property access monomorphic. */
export function emptyRecord(): GenAiRecord {
  return {
    operation: null, provider: null, requestModel: null, responseModel: null, responseId: null,
    inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null,
    inputMessages: null, outputMessages: null, systemInstructions: null, toolDefinitions: null,
    toolName: null, toolCallId: null, toolArguments: null, toolResult: null,
    agentName: null, agentId: null, workflowName: null, conversationId: null, userId: null, tags: null,
    finishReasons: null, timeToFirstChunkMs: null, stream: null, errorType: null,
    requestParameters: {}, reportedCostUsd: null, stepType: 'other',
    diagnostics: { conventions: [], mapped: [], unmapped: [], notes: [] },
  };
}
