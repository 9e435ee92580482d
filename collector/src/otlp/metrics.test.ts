import { describe, expect, it } from 'vitest';
import { bothEncodings } from '../../test/both-encodings.js';
import { countDataPoints, type MetricData } from '../model/metrics.js';
import { readMetricsRequest } from './metrics.js';
import { ExportMetricsServiceRequest } from './proto.js';

const T0 = '1764806400000000000';
const T1 = '1764806460000000000';
const attrs = [{ key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }];

const request = (id: (hex: string) => unknown) => ({
  resourceMetrics: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'chat' } }] },
      scopeMetrics: [
        {
          scope: { name: 'meter', version: '2' },
          metrics: [
            {
              name: 'tokens',
              unit: '{token}',
              description: 'tokens used',
              sum: {
                aggregationTemporality: 2,
                isMonotonic: true,
                dataPoints: [
                  {
                    attributes: attrs,
                    startTimeUnixNano: T0,
                    timeUnixNano: T1,
                    asInt: '1200',
                    exemplars: [{ timeUnixNano: T1, asDouble: 7, traceId: id('5b8efff798038103d269b633813fc60c'), spanId: id('eee19b7ec3c1b174') }],
                  },
                ],
              },
            },
            { name: 'temp', gauge: { dataPoints: [{ timeUnixNano: T1, asDouble: 0.7 }, { timeUnixNano: T1 }] } },
            {
              name: 'latency',
              unit: 's',
              histogram: {
                aggregationTemporality: 1,
                dataPoints: [
                  { startTimeUnixNano: T0, timeUnixNano: T1, count: '3', sum: 1.5, min: 0.1, max: 1, bucketCounts: ['1', '2', '0'], explicitBounds: [0.5, 1] },
                  { timeUnixNano: T1, count: '1', bucketCounts: ['1', '0'], explicitBounds: [0.5, 1] },
                ],
              },
            },
            {
              name: 'exp',
              exponentialHistogram: {
                aggregationTemporality: 2,
                dataPoints: [{ timeUnixNano: T1, count: '4', sum: 10, scale: -1, zeroCount: '1', positive: { offset: -2, bucketCounts: ['1', '2'] }, negative: {} }],
              },
            },
            { name: 'q', summary: { dataPoints: [{ timeUnixNano: T1, count: '5', sum: 9, quantileValues: [{ quantile: 0.5, value: 2 }, { quantile: 1, value: 4 }] }] } },
            { name: 'metadata-only' },
          ],
        },
      ],
    },
  ],
});

describe.each(['json', 'protobuf'] as const)('metrics walker over %s', (encoding) => {
  const { message, reader } = bothEncodings(ExportMetricsServiceRequest, request)[encoding];
  const batch = readMetricsRequest(message, reader, 'proj');
  const metrics = batch.resourceMetrics[0].scopeMetrics[0].metrics;
  const data = (name: string) => metrics.find((m) => m.name === name)?.data as MetricData;

  it('reads a monotonic cumulative sum with an int value and an exemplar', () => {
    expect(metrics[0]).toMatchObject({ name: 'tokens', unit: '{token}', description: 'tokens used' });
    expect(data('tokens')).toEqual({
      kind: 'sum',
      temporality: 2,
      isMonotonic: true,
      points: [
        {
          attributes: { values: { 'gen_ai.request.model': 'gpt-4o' }, types: undefined },
          startTimeUnixNano: T0,
          timeUnixNano: T1,
          flags: 0,
          value: 1200,
          intValue: 1200,
          exemplars: [
            {
              filteredAttributes: { values: {}, types: undefined },
              timeUnixNano: T1,
              value: 7,
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
            },
          ],
        },
      ],
    });
  });

  it('reads histograms with optional sum/min/max', () => {
    const h = data('latency');
    expect(h.kind).toBe('histogram');
    expect(h.points[0]).toMatchObject({ count: '3', sum: 1.5, min: 0.1, max: 1, bucketCounts: ['1', '2', '0'], explicitBounds: [0.5, 1] });
  });

  it('reads exponential histograms and summaries', () => {
    expect(data('exp').points[0]).toMatchObject({ count: '4', sum: 10, scale: -1, zeroCount: '1', positive: { offset: -2, bucketCounts: ['1', '2'] }, negative: { offset: 0, bucketCounts: [] } });
    expect(data('q').points[0]).toMatchObject({ count: '5', sum: 9, quantiles: [{ quantile: 0.5, value: 2 }, { quantile: 1, value: 4 }] });
  });

  it('rejects bad data points with reasons instead of dropping them silently', () => {
    expect(data('temp').points.map((p) => (p as { value: number }).value)).toEqual([0.7]);
    expect(data('latency').points).toHaveLength(1);
    expect(batch.rejectedDataPoints).toBe(2);
    expect(batch.rejectionReasons).toEqual([
      expect.stringMatching(/gauge\.dataPoints\[1\]: data point has no value/),
      expect.stringMatching(/histogram\.dataPoints\[1\]: bucketCounts has 2 entries; expected explicitBounds.length \+ 1 = 3/),
    ]);
    expect(countDataPoints(batch)).toBe(5);
    expect(metrics.map((m) => m.name)).not.toContain('metadata-only');
  });
});

describe('metrics walker edge cases', () => {
  it('rejects a point or an exemplar whose time the store cannot hold', () => {
    const late = '18446744073709551615';
    const { message, reader } = bothEncodings(ExportMetricsServiceRequest, () => ({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: 'g', gauge: { dataPoints: [{ asDouble: 1, timeUnixNano: late }, { asDouble: 2, exemplars: [{ asDouble: 1, timeUnixNano: late }] }, { asDouble: 3 }] } },
              ],
            },
          ],
        },
      ],
    })).json;
    const batch = readMetricsRequest(message, reader, 'p');
    expect(countDataPoints(batch)).toBe(1);
    expect(batch.rejectionReasons).toEqual([
      expect.stringMatching(/dataPoints\[0\]: timeUnixNano 18446744073709551615 is past 2262-04-11/),
      expect.stringMatching(/dataPoints\[1\]: exemplars\[0\]\.timeUnixNano 18446744073709551615 is past/),
    ]);
  });

  it('stores a point flagged "no recorded value" as NaN', () => {
    const { message, reader } = bothEncodings(ExportMetricsServiceRequest, () => ({
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ flags: 1 }] } }] }] }],
    })).protobuf;
    const batch = readMetricsRequest(message, reader, 'p');
    expect(batch.rejectedDataPoints).toBe(0);
    expect((batch.resourceMetrics[0].scopeMetrics[0].metrics[0].data.points[0] as { value: number }).value).toBeNaN();
  });

  it('keeps 64-bit counts exact', () => {
    const big = '18446744073709551615';
    const { message, reader } = bothEncodings(ExportMetricsServiceRequest, () => ({
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'h', histogram: { dataPoints: [{ count: big, bucketCounts: [big] }] } }] }] }],
    })).protobuf;
    const point = readMetricsRequest(message, reader, 'p').resourceMetrics[0].scopeMetrics[0].metrics[0].data.points[0];
    expect(point).toMatchObject({ count: big, bucketCounts: [big] });
  });
});
