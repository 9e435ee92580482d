/**
 * The events of Langfuse's pre-OpenTelemetry ingestion (`POST /api/public/ingestion`, what its JS SDK
 * v3 and Python SDK v2 send): checked one by one and kept in the staging table until their trace is
 * written as spans (legacy-assembler.ts).
 */
import { insertRows, LANGFUSE_EVENTS_TABLE, type Store } from '@watchllm/collector';

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
  if (!isId(traceId)) return 'body.traceId: expected the id of the trace this observation belongs to';
  return { traceId, entityId: b.id, eventId: isId(event.id) ? event.id : `${type}:${b.id}:${now}`, type, timeMs: timeOf(event.timestamp, now), body: b };
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
