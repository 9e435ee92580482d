// uPlot time-series chart that follows its container's width; the legend toggles series on click.

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimeSeries } from '../api/types.js';
import { alignSeries, isolatedPoints, PALETTE, topSeries } from '../lib/series.js';

export interface ChartProps {
  title: string;
  series: TimeSeries[];
  format: (v: number | null) => string;
  testid: string;
  height?: number;
  /** Colour per series key (shared across charts); unknown keys take palette colours by position. */
  colors?: ReadonlyMap<string, string>;
  /** Counts: y ticks at whole numbers only (no "1, 2, 2" from 1.5 rounded). */
  integer?: boolean;
  /** The x axis spans this range (unix ms) whatever the points: a lone point otherwise stretches it to years. */
  xRangeMs?: readonly [number, number];
}

// uPlot's tick increments restricted to whole numbers.
const INTEGER_INCREMENTS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7, 1e8, 1e9];

const cssVar = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function Chart({ title, series, format, testid, height = 200, colors, integer = false, xRangeMs }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const hasData = series.some((s) => s.points.length > 0);

  useEffect(() => {
    const el = host.current;
    if (!el || !hasData) return;
    const shown = topSeries(series);
    const data = alignSeries(shown) as uPlot.AlignedData;
    const showAllPoints = data[0].length < 40;
    const isolated = data.map((ys, i) => (i === 0 ? [] : isolatedPoints(ys as (number | null)[])));
    const axisColor = cssVar('--fg-muted', '#666');
    const gridColor = cssVar('--border', '#ddd');
    const axis = (values?: uPlot.Axis['values']): uPlot.Axis => ({ stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 }, values });
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 200),
        height,
        series: [
          {},
          ...shown.map((s, i) => seriesOptions(s, colors?.get(s.key ?? '') ?? PALETTE[i % PALETTE.length], showAllPoints, isolated[i + 1], format)),
        ],
        axes: [axis(), { ...axis((_u, vals) => vals.map((v) => format(v))), size: 64, ...(integer ? { incrs: INTEGER_INCREMENTS } : {}) }],
        ...(xRangeMs ? { scales: { x: { time: true, range: (): uPlot.Range.MinMax => [xRangeMs[0] / 1000, xRangeMs[1] / 1000] } } } : {}),
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
      },
      data,
      el,
    );
    // Charts follow the container (window resizes, panel toggles), not just window resize events.
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 200), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [series, hasData, height, format, colors, integer, xRangeMs]);

  return (
    <figure class="chart" data-testid={testid}>
      <figcaption>{title}</figcaption>
      {hasData ? <div ref={host} class="chart-host" /> : <div class="chart-empty muted">No data in this range.</div>}
    </figure>
  );
}

function seriesOptions(s: TimeSeries, colour: string, showAllPoints: boolean, isolated: number[], format: ChartProps['format']): uPlot.Series {
  return {
    label: s.key || '(none)',
    stroke: colour,
    width: 1.5,
    // A bucket with empty buckets on both sides (e.g. the only minute with traffic) has no line: draw it as a dot.
    points: { show: showAllPoints, fill: colour, size: 6, filter: (_u, _si, show) => (show || isolated.length === 0 ? null : isolated) },
    spanGaps: false,
    value: (_u, v) => format(v),
  };
}
