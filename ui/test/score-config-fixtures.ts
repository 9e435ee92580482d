// Score configs for the fake API: three live ones (numeric 1–5, categorical, boolean); POST /api/v1/score-configs
// adds one, PATCH archives or restores it; POST /api/v1/evaluations naming one is checked against it as the query
// service checks it, with its messages for what the tests send (a number out of bounds, an unknown label).
import type { ScoreConfigDto } from '../src/api/types.js';

const json = (status: number, body: unknown) => ({ status, type: 'application/json', body: JSON.stringify(body) });
const base = { minValue: null, maxValue: null, categories: null, description: null, isArchived: false, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' };

export const RATING: ScoreConfigDto = { ...base, id: 'cfg-rating', name: 'rating', dataType: 'NUMERIC', minValue: 1, maxValue: 5, description: 'Stars a reviewer gives' };
export const TONE: ScoreConfigDto = { ...base, id: 'cfg-tone', name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'friendly', value: 1 }, { label: 'neutral', value: 0 }, { label: 'rude', value: -1 }] };
export const ANSWERED: ScoreConfigDto = { ...base, id: 'cfg-answered', name: 'answered', dataType: 'BOOLEAN', categories: [{ label: 'True', value: 1 }, { label: 'False', value: 0 }] };

/** Why a score's value does not fit `c`, as the API says it; null when it fits. */
function misfit(c: ScoreConfigDto, body: Record<string, unknown>): string | null {
  const of = `score config "${c.name}"`;
  if (c.isArchived) return `field configId: ${of} is archived: scores cannot name it (restore it with isArchived: false)`;
  if (c.dataType === 'CATEGORICAL') return c.categories!.some((x) => x.label === body.label) ? null : `field label: "${String(body.label)}" is not a category of ${of} (${c.categories!.map((x) => x.label).join(', ')})`;
  const score = Number(body.score);
  if (c.dataType === 'BOOLEAN') return score === 0 || score === 1 ? null : `field score: ${of} is BOOLEAN: expected 0 or 1, not ${score}`;
  if (c.minValue !== null && score < c.minValue) return `field score: ${score} is below the minimum ${c.minValue} of ${of}`;
  if (c.maxValue !== null && score > c.maxValue) return `field score: ${score} is above the maximum ${c.maxValue} of ${of}`;
  return null;
}

export function createScoreConfigsApi() {
  const configs = new Map([RATING, TONE, ANSWERED].map((c) => [c.id, { ...c }]));
  /** What the UI sent about configs and scores naming one, in order: method, path and body. */
  const sent: { method: string; path: string; body: Record<string, unknown> }[] = [];
  let next = 1;
  return {
    sent,
    /** The ids of the configs, archived ones too. */
    ids: () => [...configs.keys()],
    handle(method: string, url: URL, body: Record<string, unknown>) {
      const p = url.pathname;
      if (p === '/api/v1/evaluations' && method === 'POST' && typeof body.configId === 'string') {
        sent.push({ method, path: p, body });
        const c = configs.get(body.configId);
        if (!c) return json(404, { error: `field configId: score config ${body.configId} not found in this project` });
        const why = misfit(c, body);
        if (why) return json(400, { error: why });
        // A session's score is kept by the session scores' fake (it shows them); a span's is only answered.
        return typeof body.sessionId === 'string' ? undefined : json(201, { ...body, id: `5c0feval${String(next++).padStart(8, '0')}` });
      }
      if (!p.startsWith('/api/v1/score-configs')) return undefined;
      if (method !== 'GET') sent.push({ method, path: p, body });
      const byName = (all: boolean) => [...configs.values()].filter((c) => all || !c.isArchived).sort((a, b) => a.name.localeCompare(b.name));
      if (p === '/api/v1/score-configs' && method === 'GET') return json(200, { configs: byName(url.searchParams.get('includeArchived') === 'true') });
      if (p === '/api/v1/score-configs' && method === 'POST') {
        if (typeof body.name !== 'string' || body.name === '') return json(400, { error: 'field name: required: a non-empty string' });
        const made = { ...base, ...body, id: `cfg-new-${next++}`, categories: body.dataType === 'BOOLEAN' ? ANSWERED.categories : (body.categories ?? null) } as ScoreConfigDto;
        configs.set(made.id, made);
        return json(201, made);
      }
      const c = configs.get(decodeURIComponent(p.slice('/api/v1/score-configs/'.length)));
      if (!c || method !== 'PATCH') return json(404, { error: `score config ${p} not found` });
      Object.assign(c, body, { updatedAt: new Date().toISOString() });
      return json(200, c);
    },
  };
}
