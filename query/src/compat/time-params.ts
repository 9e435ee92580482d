import { ApiError } from '../routes/errors.js';
import { parsePromDuration } from './duration.js';
import type { SpanWindow } from './window.js';

const MAX_NS = 9_223_372_036_854_775_807n;
export const NANOS_PER_SECOND = 1_000_000_000n;
const HOUR_NS = 3_600n * NANOS_PER_SECOND;
// Loki's bound on a range query's resolution, used for TraceQL metrics too.
export const MAX_POINTS = 11_000;

export const nowNs = () => BigInt(Date.now()) * 1_000_000n;

/** "12.5" (seconds) → nanoseconds, exactly. */
function decimalSecondsNs(text: string): bigint {
  const [whole, frac = ''] = text.split('.');
  return BigInt(whole) * NANOS_PER_SECOND + BigInt(frac.slice(0, 9).padEnd(9, '0'));
}

/**
 * A time as Loki and Tempo's metrics API take it: unix seconds, milliseconds, microseconds or
 * nanoseconds (told apart by size; Grafana sends seconds or nanoseconds), fractional seconds, or RFC3339.
 */
export function timeParam(raw: string | undefined, name: string): bigint | undefined {
  if (raw === undefined || raw === '') return undefined;
  let ns: bigint | undefined;
  if (/^\d{1,19}$/.test(raw)) {
    const n = BigInt(raw);
    ns = n >= 10n ** 17n ? n : n >= 10n ** 14n ? n * 1_000n : n >= 10n ** 11n ? n * 1_000_000n : n * NANOS_PER_SECOND;
  } else if (/^\d{1,12}\.\d+$/.test(raw)) {
    ns = decimalSecondsNs(raw);
  } else if (/^\d{4}-\d\d-\d\dT/.test(raw) && !Number.isNaN(Date.parse(raw))) {
    ns = BigInt(Date.parse(raw)) * 1_000_000n;
  }
  if (ns === undefined || ns < 0n || ns > MAX_NS) throw new ApiError(400, `${name} must be a unix time (seconds, milliseconds or nanoseconds) or an RFC3339 time`);
  return ns;
}

/** `start`/`end` (default: the hour before now; or `since`, a duration before end, as Loki and Tempo take it). */
export function windowParams(query: (name: string) => string | undefined, projectId: string): SpanWindow {
  const endNs = timeParam(query('end'), 'end') ?? nowNs();
  const since = query('since');
  const sinceNs = since === undefined || since === '' ? HOUR_NS : parsePromDuration(since);
  if (sinceNs === undefined || sinceNs <= 0n) throw new ApiError(400, `since must be a duration such as 15m or 2h, not "${String(since).slice(0, 32)}"`);
  const startNs = timeParam(query('start'), 'start') ?? (endNs > sinceNs ? endNs - sinceNs : 0n);
  if (startNs > endNs) throw new ApiError(400, 'start must not be after end');
  return { projectId, startNs, endNs };
}

/** The caller's `start`/`end` window of a request (Hono context): its project and the window its parameters give. */
export function requestWindow(c: { req: { query(name: string): string | undefined }; var: { projectId: string } }): SpanWindow {
  return windowParams((n) => c.req.query(n), c.var.projectId);
}

/** A query step (a duration or seconds; default: about 250 points over the window, at least 1 s), at most MAX_POINTS points. */
export function stepParam(w: SpanWindow, raw: string | undefined): bigint {
  let stepNs: bigint | undefined;
  if (raw === undefined || raw === '') {
    const auto = (w.endNs - w.startNs) / 250n;
    stepNs = auto > NANOS_PER_SECOND ? auto : NANOS_PER_SECOND;
  } else if (/^\d{1,12}(\.\d+)?$/.test(raw)) {
    stepNs = decimalSecondsNs(raw);
  } else stepNs = parsePromDuration(raw);
  if (stepNs === undefined || stepNs <= 0n) throw new ApiError(400, 'step must be a positive duration such as 15s or a number of seconds');
  if ((w.endNs - w.startNs) / stepNs + 1n > BigInt(MAX_POINTS)) throw new ApiError(400, `exceeded maximum resolution of ${MAX_POINTS} points per timeseries: increase step`);
  return stepNs;
}
