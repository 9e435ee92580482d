import type { Store } from '@watchllm/collector';
import { describe, expect, it } from 'vitest';
import { ApiError } from './routes/errors.js';
import { deleteSession, deleteTrace } from './trace-deleter.js';

/** A store whose tables are Distributed (a cluster), recording the statements it is asked to run. */
function clusterStore(commands: string[]): Store {
  return {
    config: { database: 'watchllm' },
    table: (name: string) => `watchllm.${name}`,
    client: {
      query: async () => ({ json: async () => [{ engine: 'Distributed' }] }),
      command: async ({ query }: { query: string }) => void commands.push(query),
    },
  } as unknown as Store;
}

describe('deleteTrace', () => {
  it('on a cluster runs nothing and answers 501 with the statements for the local tables', async () => {
    const commands: string[] = [];
    const err = await deleteTrace(clusterStore(commands), 'acme', 'ab'.repeat(16), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(501);
    expect((err as ApiError).message).toMatch(/^erasing on a cluster is an operator's statement, one per local table: /);
    expect((err as ApiError).message).toContain(`DELETE FROM watchllm.otel_traces_local ON CLUSTER <cluster> WHERE ProjectId = 'acme' AND TraceId = '${'ab'.repeat(16)}'`);
    expect((err as ApiError).message).toContain(`DELETE FROM watchllm.otel_traces_trace_id_ts_local ON CLUSTER <cluster> WHERE TraceId = '${'ab'.repeat(16)}'`);
    expect((err as ApiError).message).toContain(`DELETE FROM watchllm.watchllm_comments_local ON CLUSTER <cluster> WHERE ProjectId = 'acme' AND ((ObjectType = 'TRACE' AND ObjectId = '${'ab'.repeat(16)}') OR (ObjectType = 'OBSERVATION' AND ObjectId IN (SELECT SpanId FROM watchllm.otel_traces WHERE ProjectId = 'acme' AND TraceId = '${'ab'.repeat(16)}')))`);
    expect((err as ApiError).message).toContain(`DELETE FROM watchllm.watchllm_annotation_queue_items_local ON CLUSTER <cluster> WHERE ProjectId = 'acme' AND ((ObjectType = 'TRACE' AND ObjectId = '${'ab'.repeat(16)}') OR (ObjectType = 'OBSERVATION' AND ObjectId IN (SELECT SpanId FROM watchllm.otel_traces WHERE ProjectId = 'acme' AND TraceId = '${'ab'.repeat(16)}')))`);
    expect(commands).toEqual([]);
  });

  it("on a cluster, a session's erasure lists what was given to it as a whole too", async () => {
    const err = (await deleteSession(clusterStore([]), 'acme', 'chat-7').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(501);
    expect(err.message).toContain(`DELETE FROM watchllm.otel_traces_local ON CLUSTER <cluster> WHERE ProjectId = 'acme' AND TraceId IN <the traces whose SessionId is 'chat-7'>`);
    expect(err.message).toContain(`DELETE FROM watchllm.watchllm_session_scores_local ON CLUSTER <cluster> WHERE ProjectId = 'acme' AND SessionId IN ('chat-7')`);
    expect(err.message).toContain(`DELETE FROM watchllm.watchllm_comments_local ON CLUSTER <cluster> WHERE ProjectId = 'acme' AND ObjectType = 'SESSION' AND ObjectId IN ('chat-7')`);
    expect(err.message).toContain(`DELETE FROM watchllm.watchllm_annotation_queue_items_local ON CLUSTER <cluster> WHERE ProjectId = 'acme' AND ObjectType = 'SESSION' AND ObjectId IN ('chat-7')`);
  });
});
