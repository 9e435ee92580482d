/**
 * A span's deployment environment, as Langfuse names it: its SDK's `langfuse.environment`, else
 * OTel's `deployment.environment.name` (or the older `deployment.environment`) resource attribute,
 * else "default". `langfuse/views.ts` reads the same from a span in JavaScript.
 */
export const ENVIRONMENT_SQL = `multiIf(SpanAttributes['langfuse.environment'] != '', SpanAttributes['langfuse.environment'],
  ResourceAttributes['deployment.environment.name'] != '', ResourceAttributes['deployment.environment.name'],
  ResourceAttributes['deployment.environment'] != '', ResourceAttributes['deployment.environment'], 'default')`;
