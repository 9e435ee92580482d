// The demo agent's local tools: deterministic functions the model can ask for.
import type OpenAI from 'openai';
import { hashString } from './stub-content.js';

export interface DemoTool {
  name: string;
  description: string;
  parameters: { type: 'object'; properties: Record<string, { type: string; description?: string }>; required: string[] };
  run(args: Record<string, unknown>, deps: ToolDeps): Promise<unknown>;
}

export interface ToolDeps {
  openai: OpenAI;
}

const ORDER_STATES = ['processing', 'shipped', 'delivered', 'delayed in customs'];

export const DEMO_TOOLS: DemoTool[] = [
  {
    name: 'search_docs',
    description: 'Semantic search over the product documentation',
    parameters: { type: 'object', properties: { query: { type: 'string', description: 'what to look for' } }, required: ['query'] },
    async run(args, { openai }) {
      // Retrieval embeds the query, so an embeddings span appears under the tool span.
      const res = await openai.embeddings.create({ model: 'text-embedding-3-small', input: String(args.query ?? '') });
      const score = Math.abs(res.data[0]?.embedding[0] ?? 0).toFixed(3);
      return { hits: [{ doc: 'configuration.md', score }, { doc: 'troubleshooting.md', score: (Number(score) / 2).toFixed(3) }] };
    },
  },
  {
    name: 'get_order_status',
    description: 'Look up the status of a customer order',
    parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
    async run(args) {
      const id = String(args.order_id ?? 'unknown');
      return { order_id: id, status: ORDER_STATES[hashString(id) % ORDER_STATES.length], eta_days: hashString(id) % 5 };
    },
  },
  {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    async run(args) {
      const city = String(args.city ?? 'Paris');
      return { city, temperature_c: 5 + (hashString(city) % 25), conditions: hashString(city) % 2 ? 'sunny' : 'cloudy' };
    },
  },
];

export function findTool(name: string): DemoTool | undefined {
  return DEMO_TOOLS.find((t) => t.name === name);
}
