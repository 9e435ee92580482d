/**
 * MCP tool calls through `@traceloop/instrumentation-mcp` on the real `@modelcontextprotocol/sdk` client, talking to an
 * `McpServer` over the SDK's in-memory transport: the call is a tool step with the tool's name, its arguments and
 * its result, under the caller's span.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpInstrumentation } from '@traceloop/instrumentation-mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inRootSpan, readSteps, readTrace, withLlmTestBed, type LlmTestBed } from './llm-e2e.js';

let bed: LlmTestBed;
let traceId = '';

beforeAll(async () => {
  bed = await withLlmTestBed('mcp-app', async (b) => {
    const instrumentation = new McpInstrumentation();
    instrumentation.setTracerProvider(b.otel.tracerProvider);
    // It wraps the Client class's methods: hand it a plain object (an ESM namespace cannot be patched).
    const mcp = { Client };
    instrumentation.manuallyInstrument(mcp);
    const server = new McpServer({ name: 'weather-server', version: '1.0.0' });
    server.registerTool('get_weather', { description: 'Forecast for a city', inputSchema: { city: z.string() } }, async ({ city }) => ({ content: [{ type: 'text', text: `Sunny in ${city}, 24°C` }] }));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new mcp.Client({ name: 'agent', version: '1.0.0' });
    traceId = await inRootSpan(b.otel.tracer, 'agent turn', async () => {
      await client.connect(clientSide);
      await client.callTool({ name: 'get_weather', arguments: { city: 'Lisbon' } });
    });
    await b.otel.flush();
    return b;
  });
});
afterAll(() => bed?.close());

describe('MCP (OpenLLMetry) → collector → canonical records', () => {
  it('the tool call is a tool step: name, arguments, result', async () => {
    const spans = await readTrace(bed.stack.api, traceId, (s) => s.some((x) => x.genAi?.stepType === 'tool'));
    const tool = spans.find((s) => s.genAi?.stepType === 'tool')!;
    expect(tool.genAi).toMatchObject({ operation: 'execute_tool', toolName: 'get_weather', toolArguments: { city: 'Lisbon' } });
    expect(JSON.stringify(tool.genAi!.toolResult)).toContain('Sunny in Lisbon');
    const { steps } = await readSteps(bed.stack.api, traceId);
    expect(steps.filter((s) => s.type === 'tool').map((s) => s.toolName)).toEqual(['get_weather']);
  });
});
