export { OpenAIInstrumentation, instrumentOpenAI, defaultOpenAIInstrumentation } from './openai/instrumentation.js';
export {
  AnthropicInstrumentation,
  instrumentAnthropic,
  defaultAnthropicInstrumentation,
  type AnthropicInstrumentationConfig,
} from './anthropic/instrumentation.js';
export { GeminiInstrumentation, instrumentGemini, defaultGeminiInstrumentation } from './gemini/instrumentation.js';
export { BedrockInstrumentation, instrumentBedrock, defaultBedrockInstrumentation } from './bedrock/instrumentation.js';
export type { GenAiInstrumentationConfig } from './core/instrumentation-base.js';
export { traceAgent, traceTool, traceWorkflow, withConversation, type AgentOptions, type ToolOptions, type WorkflowOptions, type ConversationScope } from './agents.js';
export { WatchLLMContextSpanProcessor } from './context-processor.js';
export { register, type RegisterOptions, type Registration } from './register.js';
export { recordEvaluation, type EvaluationResult, type EvaluatedSpan } from './evaluation.js';
export { runDemoAgent, type DemoAgentOptions, type DemoSummary } from './demo/agent.js';
export { startStubLlmServer, STUB_TRIGGERS, type StubLlmServer, type StubLlmServerOptions } from './demo/stub-server.js';
export { benchInstrumentationOverhead, type OverheadResult } from './bench.js';
export { validateGenAiSpan, type SpanLike } from './testing/validate.js';
export { createTestTelemetry, type TestTelemetry } from './testing/harness.js';
export * as genAiAttributes from './core/attributes.js';
