/**
 * The events of Langfuse's pre-OpenTelemetry ingestion (`POST /api/public/ingestion`, what its JS SDK
 * v3 and Python SDK v2 send): checked one by one and kept in the staging table until their trace is
 * written as spans (legacy-assembler.ts).
 */
import { insertRows, LANGFUSE_EVENTS_TABLE, type Store } from '@watchllm/collector';
import { readRows } from '../reader/query.js';

/** Event types that describe a trace or one of its observations. */
export const TRACE_EVENT_TYPES = new Set([
  'trace-create',
  'span-create',
  'span-update',
  'generation-create',
  'generation-update',
  'event-create',
  'observation-create',
  'observation-update',
]);

/** One accepted event, as staged. */
export interface StagedEvent {
  traceId: string;
  /** The observation's id; the trace's own id for trace-create. */
  entityId: string;
  eventId: string;
  type: string;
  timeMs: number;
  body: Record<string, unknown>;
}

const MAX_ID_LENGTH = 256;

const isId = (v: unknown): v is string => typeof v === 'string' && v !== '' && v.length <= MAX_ID_LENGTH && !/[\u0000-\u001f]/.test(v);

/** An event's time: its own timestamp, else now. */
function timeOf(raw: unknown, now: number): number {
  const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
  return Number.isFinite(ms) ? ms : now;
}

/** The event checked, or why it is refused. */
export function stagedEvent(event: { id?: unknown; type?: unknown; timestamp?: unknown; body?: unknown }, now = Date.now()): StagedEvent | string {
  const type = String(event.type);
  if (!TRACE_EVENT_TYPES.has(type)) return `event type ${type.slice(0, 64)} is not taken here`;
  const body = event.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body: expected an object';
  const b = body as Record<string, unknown>;
  if (!isId(b.id)) return 'body.id: expected an id (a string of 1 to 256 characters)';
  const traceId = type === 'trace-create' ? b.id : b.traceId;
  // An update may leave its trace out: it is the trace of the observation's earlier events (see withTraceIds).
  if (!isId(traceId) && !(type.endsWith('-update') && traceId === undefined)) return 'body.traceId: expected the id of the trace this observation belongs to';
  return { traceId: isId(traceId) ? traceId : '', entityId: b.id, eventId: isId(event.id) ? event.id : `${type}:${b.id}:${now}`, type, timeMs: timeOf(event.timestamp, now), body: b };
}

/** Keeps accepted events (fsynced, as acknowledged spans are) before their sender gets its 207. */
export async function stageEvents(store: Store, projectId: string, events: StagedEvent[], now = Date.now()): Promise<void> {
  await insertRows(
    store,
    LANGFUSE_EVENTS_TABLE,
    events.map((e) => ({
      ProjectId: projectId,
      TraceId: e.traceId,
      EntityId: e.entityId,
      EventId: e.eventId,
      EventType: e.type,
      EventTime: (e.timeMs / 1000).toFixed(3),
      Body: JSON.stringify(e.body),
      ReceivedAt: (now / 1000).toFixed(3),
    })),
  );
}

/**
 * Updates sent without their trace id get the one their observation's other events have: in the
 * same batch, else among those kept before. What stays unknown is returned apart (refused).
 */
export async function withTraceIds(store: Store, projectId: string, events: [string, StagedEvent][]): Promise<{ known: [string, StagedEvent][]; unknown: string[] }> {
  const traceOf = new Map(events.filter(([, e]) => e.traceId !== '').map(([, e]) => [e.entityId, e.traceId]));
  const missing = [...new Set(events.filter(([, e]) => e.traceId === '' && !traceOf.has(e.entityId)).map(([, e]) => e.entityId))];
  if (missing.length > 0) {
    const rows = await readRows<{ EntityId: string; TraceId: string }>(
      store,
      `SELECT EntityId, any(TraceId) AS TraceId FROM ${store.table(LANGFUSE_EVENTS_TABLE)}
       WHERE ProjectId = {projectId:String} AND EntityId IN {ids:Array(String)} GROUP BY EntityId`,
      { projectId, ids: missing },
    );
    for (const r of rows) traceOf.set(r.EntityId, r.TraceId);
  }
  const known: [string, StagedEvent][] = [];
  const unknown: string[] = [];
  for (const [id, e] of events) {
    const traceId = e.traceId || traceOf.get(e.entityId);
    if (traceId) known.push([id, { ...e, traceId }]);
    else unknown.push(id);
  }
  return { known, unknown };
}
