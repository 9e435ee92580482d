// The OpenAI SDK talks to many OpenAI-compatible services: `gen_ai.provider.name` is the service the
// client's base URL points at (so dashboards and prices follow the real provider), else `openai`.
import * as A from '../core/attributes.js';
import type { ServerEndpoint } from '../core/patch.js';

/** Hosts (a suffix of `server.address`) of OpenAI-compatible APIs, and the provider each is. */
const HOSTS: [string, string][] = [
  ['.openai.azure.com', 'azure.ai.openai'],
  ['.cognitiveservices.azure.com', 'azure.ai.openai'],
  ['.services.ai.azure.com', 'azure.ai.inference'],
  ['api.deepseek.com', 'deepseek'],
  ['api.groq.com', 'groq'],
  ['api.mistral.ai', 'mistral_ai'],
  ['api.x.ai', 'x_ai'],
  ['api.perplexity.ai', 'perplexity'],
  ['api.cohere.ai', 'cohere'],
  ['api.cohere.com', 'cohere'],
  ['generativelanguage.googleapis.com', 'gcp.gemini'],
];

export function openAiProvider(endpoint: ServerEndpoint, client: unknown): string {
  // The SDK's own Azure client, whatever host it was given.
  if ((client as { constructor?: { name?: string } } | undefined)?.constructor?.name === 'AzureOpenAI') return 'azure.ai.openai';
  const host = endpoint.address?.toLowerCase();
  if (host) for (const [suffix, provider] of HOSTS) if (host === suffix.replace(/^\./, '') || host.endsWith(suffix)) return provider;
  return A.GEN_AI_PROVIDER.openai;
}
