/**
 * OpenTelemetry GenAI semantic conventions, pinned to v1.41 (all "Development" status), spelled exactly as the spec.
 * Deprecated names that instrumentations still emit are exported too, marked `@deprecated`.
 */

// --- Core ---
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type';
export const ATTR_GEN_AI_DATA_SOURCE_ID = 'gen_ai.data_source.id';
export const ATTR_GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name';
export const ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT = 'gen_ai.embeddings.dimension.count';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';

// --- Request parameters ---
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k';
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty';
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty';
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed';
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count';
export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = 'gen_ai.request.encoding_formats';
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';

// --- Usage ---
/** Includes cache read and cache creation tokens. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
/** Includes reasoning tokens. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
/** Newer spelling (semantic-conventions-genai) of cache creation tokens; accepted alongside the v1.41 name. */
export const ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = 'gen_ai.usage.cache_write.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';

// --- Agents, workflows, tools ---
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id';
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const ATTR_GEN_AI_AGENT_DESCRIPTION = 'gen_ai.agent.description';
export const ATTR_GEN_AI_AGENT_VERSION = 'gen_ai.agent.version';
export const ATTR_GEN_AI_WORKFLOW_NAME = 'gen_ai.workflow.name';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description';
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
export const ATTR_GEN_AI_TOOL_DEFINITIONS = 'gen_ai.tool.definitions';

// --- Content (opt-in; JSON strings on spans, structured on events) ---
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';

// --- Evaluation events ---
export const ATTR_GEN_AI_EVALUATION_NAME = 'gen_ai.evaluation.name';
export const ATTR_GEN_AI_EVALUATION_SCORE_VALUE = 'gen_ai.evaluation.score.value';
export const ATTR_GEN_AI_EVALUATION_SCORE_LABEL = 'gen_ai.evaluation.score.label';
export const ATTR_GEN_AI_EVALUATION_EXPLANATION = 'gen_ai.evaluation.explanation';

// --- Metrics ---
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
export const GEN_AI_TOKEN_TYPE_VALUE_INPUT = 'input';
export const GEN_AI_TOKEN_TYPE_VALUE_OUTPUT = 'output';
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK = 'gen_ai.client.operation.time_to_first_chunk';
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK = 'gen_ai.client.operation.time_per_output_chunk';
export const METRIC_GEN_AI_SERVER_REQUEST_DURATION = 'gen_ai.server.request.duration';
export const METRIC_GEN_AI_SERVER_TIME_TO_FIRST_TOKEN = 'gen_ai.server.time_to_first_token';
export const METRIC_GEN_AI_SERVER_TIME_PER_OUTPUT_TOKEN = 'gen_ai.server.time_per_output_token';

// --- Operation values ---
export const GEN_AI_OPERATION_NAME_VALUE_CHAT = 'chat';
export const GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION = 'text_completion';
export const GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT = 'generate_content';
export const GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS = 'embeddings';
export const GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL = 'retrieval';
export const GEN_AI_OPERATION_NAME_VALUE_CREATE_AGENT = 'create_agent';
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT = 'invoke_agent';
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW = 'invoke_workflow';
export const GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL = 'execute_tool';

// --- Provider values ---
export const GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC = 'anthropic';
export const GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK = 'aws.bedrock';
export const GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_INFERENCE = 'azure.ai.inference';
export const GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI = 'azure.ai.openai';
export const GEN_AI_PROVIDER_NAME_VALUE_COHERE = 'cohere';
export const GEN_AI_PROVIDER_NAME_VALUE_DEEPSEEK = 'deepseek';
export const GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI = 'gcp.gemini';
export const GEN_AI_PROVIDER_NAME_VALUE_GCP_GEN_AI = 'gcp.gen_ai';
export const GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI = 'gcp.vertex_ai';
export const GEN_AI_PROVIDER_NAME_VALUE_GROQ = 'groq';
export const GEN_AI_PROVIDER_NAME_VALUE_IBM_WATSONX_AI = 'ibm.watsonx.ai';
export const GEN_AI_PROVIDER_NAME_VALUE_MISTRAL_AI = 'mistral_ai';
export const GEN_AI_PROVIDER_NAME_VALUE_OPENAI = 'openai';
export const GEN_AI_PROVIDER_NAME_VALUE_PERPLEXITY = 'perplexity';
export const GEN_AI_PROVIDER_NAME_VALUE_X_AI = 'x_ai';

// --- Event names (log records or span events) ---
export const GEN_AI_EVENT_CLIENT_INFERENCE_OPERATION_DETAILS = 'gen_ai.client.inference.operation.details';
export const GEN_AI_EVENT_EVALUATION_RESULT = 'gen_ai.evaluation.result';
export const GEN_AI_EVENT_CLIENT_OPERATION_EXCEPTION = 'gen_ai.client.operation.exception';

// --- Deprecated, still emitted by instrumentations ---
/** @deprecated use ATTR_GEN_AI_PROVIDER_NAME */
export const ATTR_GEN_AI_SYSTEM = 'gen_ai.system';
/** @deprecated use ATTR_GEN_AI_USAGE_INPUT_TOKENS */
export const ATTR_GEN_AI_USAGE_PROMPT_TOKENS = 'gen_ai.usage.prompt_tokens';
/** @deprecated use ATTR_GEN_AI_USAGE_OUTPUT_TOKENS */
export const ATTR_GEN_AI_USAGE_COMPLETION_TOKENS = 'gen_ai.usage.completion_tokens';
/** @deprecated span-event attribute of `gen_ai.content.prompt` */
export const ATTR_GEN_AI_PROMPT = 'gen_ai.prompt';
/** @deprecated span-event attribute of `gen_ai.content.completion` */
export const ATTR_GEN_AI_COMPLETION = 'gen_ai.completion';
/** @deprecated use ATTR_GEN_AI_REQUEST_SEED */
export const ATTR_GEN_AI_OPENAI_REQUEST_SEED = 'gen_ai.openai.request.seed';
/** @deprecated use ATTR_GEN_AI_OUTPUT_TYPE */
export const ATTR_GEN_AI_OPENAI_REQUEST_RESPONSE_FORMAT = 'gen_ai.openai.request.response_format';
/** @deprecated v1.28–1.36 content events */
export const GEN_AI_EVENT_SYSTEM_MESSAGE = 'gen_ai.system.message';
/** @deprecated */
export const GEN_AI_EVENT_USER_MESSAGE = 'gen_ai.user.message';
/** @deprecated */
export const GEN_AI_EVENT_ASSISTANT_MESSAGE = 'gen_ai.assistant.message';
/** @deprecated */
export const GEN_AI_EVENT_TOOL_MESSAGE = 'gen_ai.tool.message';
/** @deprecated */
export const GEN_AI_EVENT_CHOICE = 'gen_ai.choice';
/** @deprecated oldest span events */
export const GEN_AI_EVENT_CONTENT_PROMPT = 'gen_ai.content.prompt';
/** @deprecated */
export const GEN_AI_EVENT_CONTENT_COMPLETION = 'gen_ai.content.completion';

/** The spec version this package pins. */
export const GEN_AI_SEMCONV_VERSION = '1.41.0';
