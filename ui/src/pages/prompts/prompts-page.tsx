// Prompts kept through Langfuse's prompt API: the list (versions, labels, tags), and one prompt's versions with
// their text, config and commit messages, and a diff between any two of them.

import { useEffect, useState } from 'preact/hooks';
import type { PromptListResponse, PromptUsageResponse, PromptVersionDto } from '../../api/types.js';
import { apiGet, apiUrl } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';
import { Empty, ErrorBox, ListStatus, Loading } from '../../components/common.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { DiffView } from '../../components/diff-view.js';
import { formatCost, formatDuration, formatInt, formatTimestamp } from '../../lib/format.js';
import { prettyValue } from '../../lib/json.js';
import { Link, navigate } from '../../lib/router.js';
import { PROMPT_NAME_ATTRIBUTE, promptText } from '../../lib/prompt-text.js';
import { paths } from '../../lib/routes.js';
import { NewVersionForm, PromoteButton } from './prompt-edit.js';

const Labels = ({ labels }: { labels: readonly string[] }) => (
  <span class="prompt-labels">
    {labels.map((l) => (
      <span key={l} class={`prompt-label ${l === 'production' ? 'production' : ''}`} data-testid="prompt-label">
        {l}
      </span>
    ))}
  </span>
);

type PromptSummary = PromptListResponse['data'][number];

const PROMPT_COLUMNS: Column<PromptSummary>[] = [
  { header: 'Name', cell: (p) => <Link href={paths.prompt(p.name)}>{p.name}</Link> },
  { header: 'Type', cell: (p) => p.type },
  { header: 'Versions', numeric: true, cell: (p) => p.versions.length },
  { header: 'Labels', cell: (p) => <Labels labels={p.labels} /> },
  { header: 'Tags', class: 'muted', cell: (p) => p.tags.join(', ') },
  { header: 'Updated', cell: (p) => formatTimestamp(Date.parse(p.lastUpdatedAt)) },
];

export function PromptsPage() {
  const list = useApi<PromptListResponse>(apiUrl('/api/public/v2/prompts', { limit: 100 }));
  const prompts = list.data?.data ?? [];
  const [creating, setCreating] = useState(false);
  return (
    <section class="page" aria-labelledby="prompts-title">
      <div class="page-head">
        <h1 id="prompts-title">Prompts</h1>
        <button type="button" class="btn small" data-testid="prompt-create" onClick={() => setCreating(!creating)}>
          {creating ? 'Cancel' : 'New prompt'}
        </button>
      </div>
      {creating && <NewVersionForm fresh base={{ name: '', type: 'text' }} onCreated={(name) => navigate(paths.prompt(name))} />}
      <ListStatus
        list={{ ...list, rows: prompts }}
        loadingLabel="Loading prompts…"
        empty={
          <>
            No prompts yet. Create them with a Langfuse SDK pointed at this server, e.g.{' '}
            <code>{`langfuse.prompt.create({ name: "support", prompt: "Hello {{name}}", labels: ["production"] })`}</code>, and fetch them with{' '}
            <code>langfuse.prompt.get("support")</code>.
          </>
        }
      />
      {prompts.length > 0 && (
        <div class="table-wrap">
          <DataTable columns={PROMPT_COLUMNS} rows={prompts} rowKey={(p) => p.name} caption="Prompts" testid="prompts-table" rowTestid="prompt-row" frame={null} />
          {(list.data?.meta.totalItems ?? 0) > prompts.length && <p class="muted">The first {prompts.length} of {list.data?.meta.totalItems} prompts, by name.</p>}
        </div>
      )}
    </section>
  );
}

/** Every version of one prompt as stored (references to other prompts kept): the list names them, each is read by number. */
function useVersions(name: string) {
  const meta = useApi<PromptListResponse>(apiUrl('/api/public/v2/prompts', { name, limit: 1 }));
  const [tick, setTick] = useState(0);
  const key = `${(meta.data?.data[0]?.versions ?? []).join(',')}#${tick}`;
  const [state, setState] = useState<{ key: string; versions: PromptVersionDto[]; error: string | null }>({ key: '', versions: [], error: null });
  useEffect(() => {
    const numbers = key.split('#')[0];
    if (!numbers) return;
    let live = true;
    const path = `/api/public/v2/prompts/${encodeURIComponent(name)}`;
    Promise.all(numbers.split(',').map((v) => apiGet<PromptVersionDto>(apiUrl(path, { version: v, resolve: 'false' })))).then(
      (versions) => live && setState({ key, versions, error: null }),
      (err: Error) => live && setState({ key, versions: [], error: err.message }),
    );
    return () => {
      live = false;
    };
  }, [name, key]);
  // After a change: the list again (new version numbers), and every version (labels moved).
  const reload = () => {
    meta.reload();
    setTick((t) => t + 1);
  };
  return { meta, versions: state.key === key ? state.versions : [], error: meta.error ?? state.error, reload };
}

type VersionUsage = PromptUsageResponse['versions'][number];

const USAGE_COLUMNS: Column<VersionUsage>[] = [
  { header: 'Version', cell: (v) => (v.version === 0 ? 'no version' : `v${v.version}`) },
  { header: 'Calls', numeric: true, cell: (v) => formatInt(v.calls) },
  { header: 'Errors', numeric: true, cell: (v) => formatInt(v.errors) },
  { header: 'p50', numeric: true, cell: (v) => formatDuration(v.p50Ms) },
  { header: 'p95', numeric: true, cell: (v) => formatDuration(v.p95Ms) },
  { header: 'Avg tokens in / out', numeric: true, cell: (v) => `${formatInt(Math.round(v.avgInputTokens))} / ${formatInt(Math.round(v.avgOutputTokens))}` },
  { header: 'Cost', numeric: true, cell: (v) => formatCost(v.costUsd) },
  { header: 'Last used', cell: (v) => formatTimestamp(v.lastUsedMs) },
];

/** Per version, the calls made from it over the last 30 days (spans naming the prompt, as Langfuse's SDKs set it). */
function PromptUsage({ name }: { name: string }) {
  const usage = useApi<PromptUsageResponse>(apiUrl(`/api/v1/prompts/${encodeURIComponent(name)}/usage`));
  const versions = usage.data?.versions ?? [];
  if (usage.error) return <ErrorBox message={usage.error} onRetry={usage.reload} />;
  if (!usage.data) return null;
  if (versions.length === 0) return <p class="muted">No calls named this prompt in the last 30 days (Langfuse's SDKs name it when a generation is given the prompt).</p>;
  return <DataTable columns={USAGE_COLUMNS} rows={versions} rowKey={(v) => v.version} caption="Calls per version" testid="prompt-usage" frame={null} />;
}

export function PromptPage({ name, search }: { name: string; search: string }) {
  const { meta, versions, error, reload } = useVersions(name);
  const [editing, setEditing] = useState(false);
  const params = new URLSearchParams(search);
  const newest = versions.at(-1);
  const selected = versions.find((v) => String(v.version) === params.get('version')) ?? newest;
  const [against, setAgainst] = useState<number | null>(null);
  // Compared with the version picked, else the one before (the oldest with the one after).
  const others = versions.filter((v) => v.version !== selected?.version);
  const base = others.find((v) => v.version === against) ?? [...others].reverse().find((v) => selected && v.version < selected.version) ?? others[0];

  return (
    <section class="page" aria-labelledby="prompt-title">
      <div class="page-head">
        <h1 id="prompt-title">{name}</h1>
        <span>
          <Link href={paths.traces(new URLSearchParams({ [`attr.${PROMPT_NAME_ATTRIBUTE}`]: name }).toString())} data-testid="prompt-traces">
            Traces made with it
          </Link>
          {' · '}
          <Link href="/prompts">All prompts</Link>
        </span>
      </div>
      {error && <ErrorBox message={error} onRetry={meta.reload} />}
      {meta.data && meta.data.data.length === 0 && <Empty>No prompt named {name} in this project.</Empty>}
      {!error && meta.data?.data.length !== 0 && versions.length === 0 && <Loading label="Loading versions…" />}
      {selected && (
        <div class="prompt-layout">
          <nav class="prompt-versions" aria-label="Versions">
            <ol data-testid="prompt-versions">
              {[...versions].reverse().map((v) => (
                <li key={v.version} class={v.version === selected.version ? 'active' : ''}>
                  <Link href={paths.prompt(name, v.version)}>
                    <strong>v{v.version}</strong> <Labels labels={v.labels} />
                  </Link>
                  <div class="muted">{v.commitMessage ?? ''}</div>
                  <div class="muted">{formatTimestamp(Date.parse(v.createdAt))}</div>
                </li>
              ))}
            </ol>
          </nav>
          <div class="prompt-detail" data-testid="prompt-detail">
            <h2>
              Version {selected.version} <Labels labels={selected.labels} />
            </h2>
            <p class="muted">
              {selected.type} prompt{selected.tags.length > 0 && <> · tags {selected.tags.join(', ')}</>} · fetched by apps with{' '}
              <code>{`langfuse.prompt.get(${JSON.stringify(name)}${selected.labels.includes('production') ? '' : `, { version: ${selected.version} }`})`}</code>
            </p>
            <div class="prompt-actions">
              <PromoteButton version={selected} onDone={reload} />
              <button type="button" class="btn small" data-testid="prompt-edit" onClick={() => setEditing(!editing)}>
                {editing ? 'Cancel' : 'New version from this one'}
              </button>
            </div>
            {editing && (
              <NewVersionForm
                key={selected.version}
                base={selected}
                onCreated={(_name, version) => {
                  setEditing(false);
                  reload();
                  navigate(paths.prompt(name, version));
                }}
              />
            )}
            <pre class="prompt-text" data-testid="prompt-text">{promptText(selected.prompt)}</pre>
            <h3>Calls, last 30 days</h3>
            <PromptUsage name={name} />
            <h3>Config</h3>
            <pre class="json">{prettyValue(selected.config)}</pre>
            {versions.length > 1 && (
              <>
                <h3>
                  Changes from{' '}
                  <select
                    aria-label="Compare with version"
                    value={base?.version ?? ''}
                    onChange={(e) => setAgainst(Number((e.target as HTMLSelectElement).value))}
                  >
                    {others.map((v) => (
                      <option key={v.version} value={v.version}>
                        v{v.version}
                      </option>
                    ))}
                  </select>
                </h3>
                {base && <DiffView a={promptText(base.prompt)} b={promptText(selected.prompt)} mode="lines" testid="prompt-diff" />}
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
