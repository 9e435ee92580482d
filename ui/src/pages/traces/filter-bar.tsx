// The traces filter bar. Edits a draft; Enter / Apply writes it to the URL (selects apply at once).

import { useEffect, useState } from 'preact/hooks';
import type { TraceFilters } from '../../lib/filters.js';
import { emptyFilters, parseAttrInput, withTag } from '../../lib/filters.js';
import { TimeRangePicker } from '../../components/time-range.js';
import { useOptionalList } from '../../lib/use-api.js';

const PROVIDERS = ['openai', 'anthropic', 'aws.bedrock', 'azure.ai.openai', 'gcp.gemini', 'gcp.vertex_ai', 'mistral_ai', 'groq', 'cohere', 'deepseek', 'x_ai'];
const OPERATIONS = ['chat', 'text_completion', 'generate_content', 'embeddings', 'retrieval', 'invoke_agent', 'execute_tool'];

type TextKey = 'service' | 'model' | 'provider' | 'operation' | 'userId' | 'sessionId' | 'environment' | 'minDurationMs' | 'maxDurationMs' | 'minCostUsd' | 'evaluation' | 'maxScore';

export function FilterBar({ filters, onApply }: { filters: TraceFilters; onApply: (f: TraceFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const [attrText, setAttrText] = useState('');
  const [tagText, setTagText] = useState('');
  const services = useOptionalList('/api/v1/services', 'services');
  const models = useOptionalList('/api/v1/models', 'models');
  const knownTags = useOptionalList('/api/v1/tags', 'tags');
  const environments = useOptionalList('/api/v1/environments', 'environments');
  useEffect(() => setDraft(filters), [filters]);

  const apply = (next: TraceFilters) => {
    setDraft(next);
    onApply(next);
  };
  const text = (key: TextKey, label: string, opts: { list?: string; type?: 'text' | 'number'; placeholder?: string } = {}) => (
    <label class="field">
      <span>{label}</span>
      <input
        class="input"
        name={key}
        data-testid={`filter-${key}`}
        type={opts.type ?? 'text'}
        list={opts.list}
        placeholder={opts.placeholder ?? 'any'}
        min={opts.type === 'number' ? 0 : undefined}
        step="any"
        value={draft[key]}
        onInput={(e) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value })}
      />
    </label>
  );
  const addAttr = () => {
    const parsed = parseAttrInput(attrText);
    if (!parsed) return;
    setAttrText('');
    apply({ ...draft, attrs: [...draft.attrs, parsed] });
  };
  const addTag = () => {
    const tag = tagText.trim();
    if (!tag) return;
    setTagText('');
    apply(withTag(draft, tag));
  };

  return (
    <form
      class="filter-bar"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (attrText) addAttr();
        else if (tagText.trim()) addTag();
        else apply(draft);
      }}
    >
      <div class="filter-row">
        <label class="field grow">
          <span>Search</span>
          <input
            class="input"
            type="search"
            name="q"
            data-testid="search-input"
            placeholder="Words in span names, prompts, outputs, attribute values…"
            value={draft.q}
            onInput={(e) => setDraft({ ...draft, q: (e.target as HTMLInputElement).value })}
          />
        </label>
        <TimeRangePicker value={draft} onChange={(v) => apply({ ...draft, ...v })} />
        <label class="field">
          <span>Status</span>
          <select class="input" data-testid="filter-status" value={draft.status} onChange={(e) => apply({ ...draft, status: (e.target as HTMLSelectElement).value as TraceFilters['status'] })}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="error">error</option>
          </select>
        </label>
      </div>
      <div class="filter-row">
        {text('service', 'Service', { list: 'dl-services' })}
        {text('model', 'Model', { list: 'dl-models' })}
        {text('provider', 'Provider', { list: 'dl-providers' })}
        {text('operation', 'Operation', { list: 'dl-operations' })}
        {text('userId', 'User')}
        {text('sessionId', 'Session')}
        {text('environment', 'Environment', { list: 'dl-environments' })}
        {text('minDurationMs', 'Min ms', { type: 'number', placeholder: '0' })}
        {text('maxDurationMs', 'Max ms', { type: 'number', placeholder: '∞' })}
        {text('minCostUsd', 'Min $', { type: 'number', placeholder: '0' })}
        {text('evaluation', 'Evaluation', { placeholder: 'e.g. relevance' })}
        {text('maxScore', 'Max score', { type: 'number', placeholder: 'any' })}
      </div>
      <div class="filter-row">
        <label class="field">
          <span>Attribute</span>
          <input class="input" data-testid="filter-attr" placeholder="key=value" value={attrText} onInput={(e) => setAttrText((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" class="btn" onClick={addAttr} disabled={!parseAttrInput(attrText)}>
          Add
        </button>
        <label class="field">
          <span>Tag</span>
          <input class="input" data-testid="filter-tag" list="dl-tags" placeholder="e.g. support" value={tagText} onInput={(e) => setTagText((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" class="btn" onClick={addTag} disabled={!tagText.trim()}>
          Add
        </button>
        <ul class="chips" aria-label="Tag filters" data-testid="tag-filters">
          {draft.tags.map((t) => (
            <li class="chip tag" key={`tag:${t}`}>
              <span>#{t}</span>
              <button type="button" class="chip-x" aria-label={`Remove tag ${t}`} onClick={() => apply({ ...draft, tags: draft.tags.filter((x) => x !== t) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <ul class="chips" aria-label="Attribute filters">
          {draft.attrs.map(([k, v], i) => (
            <li class="chip" key={`${k}=${v}=${i}`}>
              <code>
                {k}={v}
              </code>
              <button type="button" class="chip-x" aria-label={`Remove ${k}=${v}`} onClick={() => apply({ ...draft, attrs: draft.attrs.filter((_, j) => j !== i) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <span class="spacer" />
        <button type="button" class="btn" onClick={() => apply({ ...emptyFilters(), range: draft.range, start: draft.start, end: draft.end })}>
          Clear filters
        </button>
        <button type="submit" class="btn primary" data-testid="apply-filters">
          Apply
        </button>
      </div>
      <datalist id="dl-services">{services.map((s) => <option key={s} value={s} />)}</datalist>
      <datalist id="dl-tags">{knownTags.map((s) => <option key={s} value={s} />)}</datalist>
      <datalist id="dl-models">{models.map((s) => <option key={s} value={s} />)}</datalist>
      <datalist id="dl-environments">{environments.map((s) => <option key={s} value={s} />)}</datalist>
      <datalist id="dl-providers">{PROVIDERS.map((s) => <option key={s} value={s} />)}</datalist>
      <datalist id="dl-operations">{OPERATIONS.map((s) => <option key={s} value={s} />)}</datalist>
    </form>
  );
}
