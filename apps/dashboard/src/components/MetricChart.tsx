import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface Series {
  label: string;
  color: string;
}

/**
 * A uPlot line chart over steps. `points` maps step → values (one per series, null = missing);
 * new points redraw in place (setData), so live updates do not rebuild the chart.
 */
export function MetricChart({ title, series, points }: { title: string; series: Series[]; points: Map<number, (number | null)[]> }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  const data = (): uPlot.AlignedData => {
    const steps = [...points.keys()].sort((a, b) => a - b);
    return [steps, ...series.map((_, i) => steps.map((s) => points.get(s)?.[i] ?? null))] as uPlot.AlignedData;
  };

  useEffect(() => {
    if (!host.current) return;
    const chart = new uPlot(
      {
        title,
        width: Math.max(320, host.current.clientWidth),
        height: 260,
        scales: { x: { time: false } },
        axes: [{ label: 'step' }, {}],
        series: [{ label: 'step' }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, spanGaps: true, points: { show: true, size: 4 } }))],
      },
      data(),
      host.current,
    );
    plot.current = chart;
    const onResize = () => host.current && chart.setSize({ width: Math.max(320, host.current.clientWidth), height: 260 });
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.destroy();
      plot.current = null;
    };
    // The chart is built once per title/series; points flow in through setData below.
  }, [title, series.map((s) => s.label).join()]);

  useEffect(() => {
    plot.current?.setData(data());
  });

  return (
    <figure className="chart">
      <div ref={host} role="img" aria-label={`${title}: ${points.size} points`} data-points={points.size} data-testid={`chart-${title}`} />
    </figure>
  );
}
