import type {
  ExpBuckets,
  Exemplar,
  ExpHistogramPoint,
  HistogramPoint,
  Metric,
  MetricData,
  MetricsBatch,
  NumberPoint,
  ScopeMetrics,
  SummaryPoint,
  Temporality,
} from '../model/metrics.js';
import { readKeyValues } from './any-value.js';
import { boundedInt, childTimesProblem, optionalIdsProblem, Rejections, timestampProblem, walkEnvelope } from './envelope.js';
import type { LeafReader } from './leaf-readers.js';

type Raw = Record<string, unknown>;
/** Reads one data point, or returns a string saying why it is rejected. */
type PointReader<P> = (raw: Raw, r: LeafReader, path: string) => P | string;

// Own properties only: protobufjs puts scalar oneof defaults on the prototype.
const has = (o: Raw, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** DataPointFlags.FLAG_NO_RECORDED_VALUE */
const NO_RECORDED_VALUE = 1;

/** Walks an ExportMetricsServiceRequest (protobuf-decoded or JSON) into the internal model. */
export function readMetricsRequest(msg: unknown, r: LeafReader, projectId: string): MetricsBatch {
  const rejections = new Rejections();
  const groups = walkEnvelope(msg, r, { resources: 'resourceMetrics', scopes: 'scopeMetrics' }, (scope, raw, path): ScopeMetrics => {
    const metrics: Metric[] = [];
    const list = r.list(raw.metrics, `${path}.metrics`);
    for (let k = 0; k < list.length; k++) {
      const metric = readMetric(list[k], r, `${path}.metrics[${k}]`, rejections);
      if (metric) metrics.push(metric);
    }
    return { scope, metrics };
  });
  return {
    projectId,
    resourceMetrics: groups.map((g) => ({ resource: g.resource, scopeMetrics: g.scopes })),
    rejectedDataPoints: rejections.count,
    rejectionReasons: rejections.reasons,
  };
}

/** A metric with no data (no gauge/sum/… set) carries no points: there is nothing to store. */
function readMetric(raw: unknown, r: LeafReader, path: string, rejections: Rejections): Metric | undefined {
  const m = r.obj(raw, path) ?? {};
  const data = readMetricData(m, r, path, rejections);
  if (!data) return undefined;
  return {
    name: r.str(m.name, `${path}.name`),
    description: r.str(m.description, `${path}.description`),
    unit: r.str(m.unit, `${path}.unit`),
    data,
  };
}

function readMetricData(m: Raw, r: LeafReader, path: string, rejections: Rejections): MetricData | undefined {
  const points = <P extends TimedPoint>(body: Raw, bodyPath: string, read: PointReader<P>) => readPoints<P>(body, r, bodyPath, read, rejections);
  const temporality = (body: Raw, bodyPath: string) =>
    boundedInt(r.num(body.aggregationTemporality, `${bodyPath}.aggregationTemporality`), 2) as Temporality;
  let body: Raw | undefined;
  if ((body = r.obj(m.gauge, `${path}.gauge`))) {
    return { kind: 'gauge', points: points(body, `${path}.gauge`, readNumberPoint) };
  }
  if ((body = r.obj(m.sum, `${path}.sum`))) {
    const p = `${path}.sum`;
    return { kind: 'sum', points: points(body, p, readNumberPoint), temporality: temporality(body, p), isMonotonic: r.bool(body.isMonotonic, `${p}.isMonotonic`) };
  }
  if ((body = r.obj(m.histogram, `${path}.histogram`))) {
    const p = `${path}.histogram`;
    return { kind: 'histogram', points: points(body, p, readHistogramPoint), temporality: temporality(body, p) };
  }
  if ((body = r.obj(m.exponentialHistogram, `${path}.exponentialHistogram`))) {
    const p = `${path}.exponentialHistogram`;
    return { kind: 'exponentialHistogram', points: points(body, p, readExpHistogramPoint), temporality: temporality(body, p) };
  }
  if ((body = r.obj(m.summary, `${path}.summary`))) {
    return { kind: 'summary', points: points(body, `${path}.summary`, readSummaryPoint) };
  }
  return undefined;
}

function readPoints<P extends TimedPoint>(body: Raw, r: LeafReader, path: string, read: PointReader<P>, rejections: Rejections): P[] {
  const list = r.list(body.dataPoints, `${path}.dataPoints`);
  const out: P[] = [];
  for (let i = 0; i < list.length; i++) {
    const pointPath = `${path}.dataPoints[${i}]`;
    const point = read(r.obj(list[i], pointPath) ?? {}, r, pointPath);
    const problem = typeof point === 'string' ? point : pointTimeProblem(point);
    if (problem !== undefined) rejections.add(pointPath, problem);
    else out.push(point as P);
  }
  return out;
}

/** Every point kind has start and time stamps; some have exemplars with their own. */
interface TimedPoint {
  startTimeUnixNano: string;
  timeUnixNano: string;
  exemplars?: Exemplar[];
}

function pointTimeProblem(point: TimedPoint): string | undefined {
  return (
    timestampProblem('startTimeUnixNano', point.startTimeUnixNano) ??
    timestampProblem('timeUnixNano', point.timeUnixNano) ??
    childTimesProblem(point.exemplars ?? [], 'exemplars')
  );
}

function readBase(p: Raw, r: LeafReader, path: string) {
  return {
    attributes: readKeyValues(p.attributes, r, `${path}.attributes`),
    startTimeUnixNano: r.u64(p.startTimeUnixNano, `${path}.startTimeUnixNano`),
    timeUnixNano: r.u64(p.timeUnixNano, `${path}.timeUnixNano`),
    flags: boundedInt(r.num(p.flags, `${path}.flags`), 0xffffffff),
  };
}

/** as_double / as_int oneof of NumberDataPoint and Exemplar (an as_int also exactly); undefined when neither is set. */
function readNumberValue(p: Raw, r: LeafReader, path: string): { value: number; intValue?: number | string } | undefined {
  if (has(p, 'asDouble')) return { value: r.num(p.asDouble, `${path}.asDouble`) };
  if (has(p, 'asInt')) {
    const intValue = r.i64(p.asInt, `${path}.asInt`);
    return { value: Number(intValue), intValue };
  }
  return undefined;
}

function optionalNum(p: Raw, key: string, r: LeafReader, path: string): number | undefined {
  return has(p, key) && p[key] != null ? r.num(p[key], `${path}.${key}`) : undefined;
}

const readNumberPoint: PointReader<NumberPoint> = (p, r, path) => {
  const base = readBase(p, r, path);
  const number = readNumberValue(p, r, path);
  if (number === undefined && (base.flags & NO_RECORDED_VALUE) === 0) return 'data point has no value (asDouble or asInt)';
  const exemplars = readExemplars(p, r, path);
  return typeof exemplars === 'string' ? exemplars : { ...base, ...(number ?? { value: NaN }), exemplars };
};

/** What both histogram kinds share: the point's base fields, then count, sum, min and max. */
function readDistribution(p: Raw, r: LeafReader, path: string) {
  return {
    ...readBase(p, r, path),
    count: r.u64(p.count, `${path}.count`),
    sum: optionalNum(p, 'sum', r, path),
    min: optionalNum(p, 'min', r, path),
    max: optionalNum(p, 'max', r, path),
  };
}

const readHistogramPoint: PointReader<HistogramPoint> = (p, r, path) => {
  const bucketCounts = r.list(p.bucketCounts, `${path}.bucketCounts`).map((c, i) => r.u64(c, `${path}.bucketCounts[${i}]`));
  const explicitBounds = r.list(p.explicitBounds, `${path}.explicitBounds`).map((b, i) => r.num(b, `${path}.explicitBounds[${i}]`));
  if (bucketCounts.length !== 0 && bucketCounts.length !== explicitBounds.length + 1) {
    return `bucketCounts has ${bucketCounts.length} entries; expected explicitBounds.length + 1 = ${explicitBounds.length + 1}`;
  }
  const exemplars = readExemplars(p, r, path);
  if (typeof exemplars === 'string') return exemplars;
  return {
    ...readDistribution(p, r, path),
    bucketCounts,
    explicitBounds,
    exemplars,
  };
};

function readExpBuckets(raw: unknown, r: LeafReader, path: string): ExpBuckets {
  const b = r.obj(raw, path) ?? {};
  return {
    offset: r.num(b.offset, `${path}.offset`),
    bucketCounts: r.list(b.bucketCounts, `${path}.bucketCounts`).map((c, i) => r.u64(c, `${path}.bucketCounts[${i}]`)),
  };
}

const readExpHistogramPoint: PointReader<ExpHistogramPoint> = (p, r, path) => {
  const exemplars = readExemplars(p, r, path);
  if (typeof exemplars === 'string') return exemplars;
  return {
    ...readDistribution(p, r, path),
    scale: r.num(p.scale, `${path}.scale`),
    zeroCount: r.u64(p.zeroCount, `${path}.zeroCount`),
    positive: readExpBuckets(p.positive, r, `${path}.positive`),
    negative: readExpBuckets(p.negative, r, `${path}.negative`),
    exemplars,
  };
};

const readSummaryPoint: PointReader<SummaryPoint> = (p, r, path) => ({
  ...readBase(p, r, path),
  count: r.u64(p.count, `${path}.count`),
  sum: r.num(p.sum, `${path}.sum`),
  quantiles: r.list(p.quantileValues, `${path}.quantileValues`).map((raw, i) => {
    const q = r.obj(raw, `${path}.quantileValues[${i}]`) ?? {};
    return { quantile: r.num(q.quantile, `${path}.quantileValues[${i}].quantile`), value: r.num(q.value, `${path}.quantileValues[${i}].value`) };
  }),
});

/** Exemplars of a point, or the problem that rejects the point. */
function readExemplars(p: Raw, r: LeafReader, path: string): Exemplar[] | string {
  const list = r.list(p.exemplars, `${path}.exemplars`);
  const out: Exemplar[] = [];
  for (let i = 0; i < list.length; i++) {
    const ePath = `${path}.exemplars[${i}]`;
    const e = r.obj(list[i], ePath) ?? {};
    const exemplar: Exemplar = {
      filteredAttributes: readKeyValues(e.filteredAttributes, r, `${ePath}.filteredAttributes`),
      timeUnixNano: r.u64(e.timeUnixNano, `${ePath}.timeUnixNano`),
      ...(readNumberValue(e, r, ePath) ?? { value: 0 }),
      spanId: r.id(e.spanId, `${ePath}.spanId`),
      traceId: r.id(e.traceId, `${ePath}.traceId`),
    };
    const problem = optionalIdsProblem(exemplar.traceId, exemplar.spanId);
    if (problem) return `exemplars[${i}]: ${problem}`;
    out.push(exemplar);
  }
  return out;
}
