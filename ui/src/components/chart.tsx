// uPlot time-series chart that follows its container's width; the legend toggles series on click.

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimeSeries } from '../api/types.js';
import { alignSeries, PALETTE, topSeries } from '../lib/series.js';

export interface ChartProps {
  title: string;
  series: TimeSeries[];
  format: (v: number | null) => string;
  testid: string;
  height?: number;
}

const cssVar = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function Chart({ title, series, format, testid, height = 200 }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const hasData = series.some((s) => s.points.length > 0);

  useEffect(() => {
    const el = host.current;
    if (!el || !hasData) return;
    const shown = topSeries(series);
    const data = alignSeries(shown) as uPlot.AlignedData;
    const axisColor = cssVar('--fg-muted', '#666');
    const gridColor = cssVar('--border', '#ddd');
    const axis = (values?: uPlot.Axis['values']): uPlot.Axis => ({ stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 }, values });
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 200),
        height,
        series: [
          {},
          ...shown.map((s, i) => ({
            label: s.key || '(none)',
            stroke: PALETTE[i % PALETTE.length],
            width: 1.5,
            points: { show: data[0].length < 40 },
            spanGaps: false,
            value: (_u: uPlot, v: number | null) => format(v),
          })),
        ],
        axes: [axis(), { ...axis((_u, vals) => vals.map((v) => format(v))), size: 64 }],
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
  }, [series, hasData, height, format]);

  return (
    <figure class="chart" data-testid={testid}>
      <figcaption>{title}</figcaption>
      {hasData ? <div ref={host} class="chart-host" /> : <div class="chart-empty muted">No data in this range.</div>}
    </figure>
  );
}
