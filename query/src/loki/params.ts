import { ApiError } from '../routes/errors.js';
import { lokiDuration } from './logql.js';
import type { LokiWindow } from './loki-reader.js';
import type { Steps } from './windows.js';

const MAX_NS = 9_223_372_036_854_775_807n;
const NANOS_PER_SECOND = 1_000_000_000n;
const DEFAULT_WINDOW_NS = 3_600n * NANOS_PER_SECOND;
// Loki's own bound on a range query's resolution.
const MAX_POINTS = 11_000;

export const nowNs = () => BigInt(Date.now()) * 1_000_000n;

/** "12.5" (seconds) → nanoseconds, exactly. */
function decimalSecondsNs(text: string): bigint {
  const [whole, frac = ''] = text.split('.');
  return BigInt(whole) * NANOS_PER_SECOND + BigInt(frac.slice(0, 9).padEnd(9, '0'));
}

/**
 * A Loki time: unix seconds, milliseconds, microseconds or nanoseconds (told apart by size, as
 * Grafana sends nanoseconds), fractional seconds, or RFC3339.
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

/** `start`/`end` (default: the hour before now). */
export function lokiWindow(query: (name: string) => string | undefined, projectId: string): LokiWindow {
  const endNs = timeParam(query('end'), 'end') ?? nowNs();
  const startNs = timeParam(query('start'), 'start') ?? (endNs > DEFAULT_WINDOW_NS ? endNs - DEFAULT_WINDOW_NS : 0n);
  if (startNs > endNs) throw new ApiError(400, 'start must not be after end');
  return { projectId, startNs, endNs };
}

/** A range query's points from `step` (a duration or seconds; default: about 250 points, at least 1 s apart). */
export function rangeSteps(w: LokiWindow, raw: string | undefined): Steps {
  let stepNs: bigint | undefined;
  if (raw === undefined || raw === '') {
    const auto = (w.endNs - w.startNs) / 250n;
    stepNs = auto > NANOS_PER_SECOND ? auto : NANOS_PER_SECOND;
  } else if (/^\d{1,12}(\.\d+)?$/.test(raw)) {
    stepNs = decimalSecondsNs(raw);
  } else stepNs = lokiDuration(raw);
  if (stepNs === undefined || stepNs <= 0n) throw new ApiError(400, 'step must be a positive duration such as 15s or a number of seconds');
  const points = (w.endNs - w.startNs) / stepNs + 1n;
  if (points > BigInt(MAX_POINTS)) throw new ApiError(400, `exceeded maximum resolution of ${MAX_POINTS} points per timeseries: increase step`);
  return { startNs: w.startNs, stepNs, points: Number(points) };
}
