/** Provider strings from every convention (old semconv, OpenLLMetry casing, OpenInference, Vercel) → semconv provider values. */

const EXACT: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  'aws.bedrock': 'aws.bedrock', bedrock: 'aws.bedrock', aws: 'aws.bedrock', 'aws_bedrock': 'aws.bedrock', 'amazon-bedrock': 'aws.bedrock', amazon: 'aws.bedrock',
  'azure.ai.openai': 'azure.ai.openai', 'az.ai.openai': 'azure.ai.openai', azure: 'azure.ai.openai', 'azure-openai': 'azure.ai.openai', 'azure_openai': 'azure.ai.openai', azureopenai: 'azure.ai.openai',
  'azure.ai.inference': 'azure.ai.inference', 'az.ai.inference': 'azure.ai.inference', 'azure-ai-inference': 'azure.ai.inference',
  'gcp.gemini': 'gcp.gemini', gemini: 'gcp.gemini', google: 'gcp.gemini', 'google.generative-ai': 'gcp.gemini', 'google-genai': 'gcp.gemini', googleai: 'gcp.gemini', google_genai: 'gcp.gemini',
  'gcp.vertex_ai': 'gcp.vertex_ai', vertex_ai: 'gcp.vertex_ai', vertexai: 'gcp.vertex_ai', 'google.vertex': 'gcp.vertex_ai', 'google-vertex': 'gcp.vertex_ai', vertex: 'gcp.vertex_ai', google_vertexai: 'gcp.vertex_ai',
  // LangChain's ls_provider for Bedrock chat models.
  amazon_bedrock: 'aws.bedrock', bedrock_converse: 'aws.bedrock',
  'gcp.gen_ai': 'gcp.gen_ai',
  mistral_ai: 'mistral_ai', mistralai: 'mistral_ai', mistral: 'mistral_ai',
  x_ai: 'x_ai', xai: 'x_ai', 'x-ai': 'x_ai', grok: 'x_ai',
  cohere: 'cohere', deepseek: 'deepseek', groq: 'groq', perplexity: 'perplexity',
  'ibm.watsonx.ai': 'ibm.watsonx.ai', watsonx: 'ibm.watsonx.ai', 'ibm-watsonx': 'ibm.watsonx.ai', ibm: 'ibm.watsonx.ai',
};

// Provider strings repeat across spans: cache the mapping (bounded, in case a source puts ids in it).
const cache = new Map<string, string>();
const CACHE_LIMIT = 1000;

export function normalizeProvider(raw: string): string {
  const hit = cache.get(raw);
  if (hit !== undefined) return hit;
  const value = resolve(raw.trim().toLowerCase());
  if (cache.size < CACHE_LIMIT) cache.set(raw, value);
  return value;
}

function resolve(lower: string): string {
  const exact = EXACT[lower];
  if (exact) return exact;
  // Vercel AI SDK: 'openai.chat', 'anthropic.messages', 'google.vertex.chat', 'azure-openai.chat', 'amazon-bedrock'...
  if (lower.startsWith('google.vertex') || lower.startsWith('vertex.')) return 'gcp.vertex_ai';
  const dot = lower.indexOf('.');
  if (dot > 0) {
    const head = EXACT[lower.slice(0, dot)];
    if (head) return head;
  }
  return lower;
}

/** OpenInference splits provider (host: openai, azure, google, aws...) and system (product: openai, anthropic, vertexai...). */
export function providerFromOpenInference(llmProvider: string | undefined, llmSystem: string | undefined): string | undefined {
  const p = llmProvider?.toLowerCase();
  const s = llmSystem?.toLowerCase();
  if (p === 'azure') return s === 'openai' || s === undefined ? 'azure.ai.openai' : 'azure.ai.inference';
  if (p === 'aws' || p === 'amazon') return 'aws.bedrock';
  if (p === 'google') return s === 'vertexai' ? 'gcp.vertex_ai' : 'gcp.gemini';
  if (p) return normalizeProvider(p);
  if (s) return normalizeProvider(s);
  return undefined;
}

/** Claude served by a provider that passes Anthropic's usage semantics through. */
export function isAnthropicModel(provider: string | null, model: string | null): boolean {
  if (provider === 'anthropic') return true;
  if (model === null) return false;
  return (provider === 'aws.bedrock' || provider === 'gcp.vertex_ai' || provider === null) && model.toLowerCase().includes('claude');
}

/** Gemini, whatever the route to it: its usage counts thoughts apart from the candidates. */
export function isGeminiModel(provider: string | null, model: string | null): boolean {
  if (provider === 'gcp.gemini' || provider === 'gcp.gen_ai') return true;
  return model !== null && model.toLowerCase().includes('gemini');
}
