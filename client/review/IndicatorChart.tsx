import { useMemo } from 'react';
import type { IndicatorSeries } from '../../shared/review/checkins.ts';
import { chartGeometry, chartSummary, formatValue } from './chartGeometry.ts';
import { CHECK_IN_LABELS, dayLabel } from '../derive/format.ts';
import './IndicatorChart.css';

/**
 * A small chart of a success indicator: the values reported at check-ins
 * (dots coloured by status) against the baseline, the target and the planned
 * path between them.
 */
export function IndicatorChart({ name, series }: { name: string; series: IndicatorSeries }) {
  const g = useMemo(() => chartGeometry(series), [series]);
  const summary = chartSummary(name, series);
  if (g.empty) return null;
  const labelX = g.plot.right + 6;
  const last = g.points[g.points.length - 1];
  return (
    <figure className="indicator-chart" data-points={series.points.length}>
      <svg viewBox={`0 0 ${g.box.width} ${g.box.height}`} role="img" aria-label={summary} preserveAspectRatio="xMidYMid meet">
        <rect x={g.plot.left} y={g.plot.top} width={g.plot.right - g.plot.left} height={g.plot.bottom - g.plot.top} className="chart-plot" />
        {g.xRange && (
          <>
            <text x={g.plot.left} y={g.box.height - 6} className="chart-axis">
              {shortDay(g.xRange.first)}
            </text>
            {g.xRange.last !== g.xRange.first && (
              <text x={g.plot.right} y={g.box.height - 6} className="chart-axis" textAnchor="end">
                {shortDay(g.xRange.last)}
              </text>
            )}
          </>
        )}
        {g.planned && <path d={g.planned} className="chart-planned" />}
        {g.baseline && (
          <g className="chart-baseline">
            <line x1={g.plot.left} x2={g.plot.right} y1={g.baseline.y} y2={g.baseline.y} />
            <text x={labelX} y={g.baseline.y + 4}>Baseline {formatValue(g.baseline.value)}</text>
          </g>
        )}
        {g.target && (
          <g className="chart-target">
            <line x1={g.plot.left} x2={g.plot.right} y1={g.target.y} y2={g.target.y} />
            <text x={labelX} y={g.target.y + 4}>Target {formatValue(g.target.value)}</text>
          </g>
        )}
        {g.line && <path d={g.line} className="chart-line" />}
        {last && (
          <text x={last.x} y={last.y - 8} className="chart-latest" textAnchor={last.x > g.plot.right - 30 ? 'end' : 'middle'}>
            {formatValue(last.value)}
          </text>
        )}
        {g.points.map((p) => (
          <circle key={p.checkIn} cx={p.x} cy={p.y} r={4} className="chart-point" data-status={p.status}>
            <title>{`${dayLabel(p.date)}: ${formatValue(p.value, series.unit)} (${CHECK_IN_LABELS[p.status]})`}</title>
          </circle>
        ))}
      </svg>
      <figcaption>
        <span className="chart-name">{name}</span>
        {series.unit && <span className="hint"> ({series.unit})</span>}
        {series.progress !== undefined && <span className="chart-progress"> · {Math.round(series.progress * 100)}% of the way to target</span>}
        <span className="chart-legend" aria-hidden="true">
          {series.points.length > 0 && <span>reported</span>}
          {g.planned && <span className="legend-plan">plan</span>}
        </span>
      </figcaption>
    </figure>
  );
}

function shortDay(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(ms) ? new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }) : date;
}
