// A small line chart of one lab's numeric values over time, drawn as inline SVG (no chart
// library). Each point opens its evidence; the chart is a picture for the eye — the list of
// values beside it carries the same points for the keyboard and screen readers.
import type { Lab } from '../../../../shared/patients/api';
import { formatDay } from '../library/format';

const WIDTH = 240;
const HEIGHT = 64;
const PAD = 6;

type Point = Lab['points'][number];

export function LabChart({ lab, onOpen }: { readonly lab: Lab; readonly onOpen: (point: Point) => void }) {
  // Dated numeric points only: a chart needs both axes.
  const points = lab.points.filter((p): p is Point & { numeric: number; date: string } => p.numeric !== null && p.date !== null);
  if (points.length < 2) return null;
  const times = points.map((p) => Date.parse(`${p.date}T00:00:00Z`));
  const values = points.map((p) => p.numeric);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const x = (t: number): number => PAD + (t1 === t0 ? (WIDTH - 2 * PAD) / 2 : ((t - t0) / (t1 - t0)) * (WIDTH - 2 * PAD));
  const y = (v: number): number => HEIGHT - PAD - (v1 === v0 ? (HEIGHT - 2 * PAD) / 2 : ((v - v0) / (v1 - v0)) * (HEIGHT - 2 * PAD));
  const xy = points.map((p, i) => [x(times[i]!), y(p.numeric)] as const);
  return (
    <svg className="lab-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} aria-hidden="true" data-testid="lab-chart">
      <polyline className="lab-chart__line" points={xy.map(([a, b]) => `${a},${b}`).join(' ')} />
      {points.map((p, i) => (
        <circle
          key={i}
          className="lab-chart__point"
          cx={xy[i]![0]}
          cy={xy[i]![1]}
          r={4}
          onClick={() => onOpen(p)}
          data-testid="lab-chart-point"
        >
          <title>{`${formatDay(p.date)}: ${p.value}${p.unit ? ` ${p.unit}` : ''}`}</title>
        </circle>
      ))}
    </svg>
  );
}
