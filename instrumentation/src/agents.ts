// Agent, tool and workflow spans (`invoke_agent`, `execute_tool`, `invoke_workflow`) around user code.
import { SpanKind, SpanStatusCode, context, trace, type Attributes, type Span } from '@opentelemetry/api';
import * as A from './core/attributes.js';
import { agentContentCapture } from './core/capture.js';
import { errorType } from './core/errors.js';
import { scopeAttributes } from './core/scope.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

export { withConversation, type ConversationScope } from './core/scope.js';

export interface AgentOptions {
  id?: string;
  description?: string;
  /** `gen_ai.provider.name` when the agent runs on one provider. */
  provider?: string;
  conversationId?: string;
  attributes?: Attributes;
}

export interface ToolOptions {
  /** The model's tool call id, linking this span to the tool_call part that asked for it. */
  callId?: string;
  description?: string;
  /** `function` (default), `extension` or `datastore`. */
  type?: string;
  /** Recorded as `gen_ai.tool.call.arguments` when content capture is on. */
  arguments?: unknown;
  /** Overrides the package-wide content capture setting for this call. */
  captureContent?: boolean;
  attributes?: Attributes;
}

export interface WorkflowOptions {
  attributes?: Attributes;
}

const tracer = () => trace.getTracer(`${PACKAGE_NAME}/agents`, PACKAGE_VERSION);

/** Runs `fn` inside an `invoke_agent {name}` span; LLM and tool calls inside become its children. */
export function traceAgent<T>(name: string, fn: (span: Span) => T, opts: AgentOptions = {}): T {
  const attrs: Attributes = { [A.ATTR_GEN_AI_OPERATION_NAME]: A.GEN_AI_OPERATION.invokeAgent, [A.ATTR_GEN_AI_AGENT_NAME]: name };
  if (opts.id) attrs[A.ATTR_GEN_AI_AGENT_ID] = opts.id;
  if (opts.description) attrs[A.ATTR_GEN_AI_AGENT_DESCRIPTION] = opts.description;
  if (opts.provider) attrs[A.ATTR_GEN_AI_PROVIDER_NAME] = opts.provider;
  if (opts.conversationId) attrs[A.ATTR_GEN_AI_CONVERSATION_ID] = opts.conversationId;
  return runInSpan(`${A.GEN_AI_OPERATION.invokeAgent} ${name}`, { ...attrs, ...opts.attributes }, fn);
}

/** Runs `fn` inside an `execute_tool {name}` span; its return value is the tool result. */
export function traceTool<T>(name: string, fn: (span: Span) => T, opts: ToolOptions = {}): T {
  const capture = opts.captureContent ?? agentContentCapture();
  const attrs: Attributes = {
    [A.ATTR_GEN_AI_OPERATION_NAME]: A.GEN_AI_OPERATION.executeTool,
    [A.ATTR_GEN_AI_TOOL_NAME]: name,
    [A.ATTR_GEN_AI_TOOL_TYPE]: opts.type ?? 'function',
  };
  if (opts.callId) attrs[A.ATTR_GEN_AI_TOOL_CALL_ID] = opts.callId;
  if (opts.description) attrs[A.ATTR_GEN_AI_TOOL_DESCRIPTION] = opts.description;
  if (capture && opts.arguments !== undefined) attrs[A.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = toJson(opts.arguments);
  const onResult = capture ? (span: Span, result: unknown) => span.setAttribute(A.ATTR_GEN_AI_TOOL_CALL_RESULT, toJson(result)) : undefined;
  return runInSpan(`${A.GEN_AI_OPERATION.executeTool} ${name}`, { ...attrs, ...opts.attributes }, fn, onResult);
}

/** Runs `fn` inside an `invoke_workflow {name}` span: the root of a multi-agent or multi-step run. */
export function traceWorkflow<T>(name: string, fn: (span: Span) => T, opts: WorkflowOptions = {}): T {
  const attrs: Attributes = { [A.ATTR_GEN_AI_OPERATION_NAME]: A.GEN_AI_OPERATION.invokeWorkflow, [A.ATTR_GEN_AI_WORKFLOW_NAME]: name };
  return runInSpan(`${A.GEN_AI_OPERATION.invokeWorkflow} ${name}`, { ...attrs, ...opts.attributes }, fn);
}

/** Starts an INTERNAL span, runs `fn` in its context and ends it when `fn` (or its promise) settles. */
function runInSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => T, onResult?: (span: Span, result: unknown) => void): T {
  const span = tracer().startSpan(name, { kind: SpanKind.INTERNAL, attributes: { ...scopeAttributes(), ...attributes } });
  const succeed = (value: unknown) => {
    try {
      onResult?.(span, value);
    } catch {
      // A result we cannot serialize is not the user's problem.
    }
    span.end();
  };
  const failWith = (error: unknown) => {
    span.setAttribute(A.ATTR_ERROR_TYPE, errorType(error));
    if (error instanceof Error) span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span.end();
  };
  let result: T;
  try {
    result = context.with(trace.setSpan(context.active(), span), () => fn(span));
  } catch (error) {
    failWith(error);
    throw error;
  }
  if (isPromiseLike(result)) {
    // Chain rather than observe on the side, so an unhandled rejection stays unhandled for the host.
    return Promise.resolve(result).then(
      (value) => {
        succeed(value);
        return value;
      },
      (error: unknown) => {
        failWith(error);
        throw error;
      },
    ) as T;
  }
  succeed(result);
  return result;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return !!value && typeof (value as { then?: unknown }).then === 'function';
}

function toJson(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
