/** Stacked bars: participating agreements by model at each ICE snapshot. Loaded as its own chunk. */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MODELS, type TimelinePoint } from '../api.ts';
import { modelName } from '../format.ts';

export const MODEL_COLOURS = { JEM: '#1f4e79', WSO: '#b35c00', TFM: '#2e7d4f' } as const;

/** Legend and tooltip list the models in the order JEM, WSO, TFM (recharts sorts by label otherwise). */
const modelOrder = (item: { dataKey?: unknown }) =>
  MODELS.indexOf(String(item.dataKey) as (typeof MODELS)[number]);

export default function ModelChart({ items }: { items: TimelinePoint[] }) {
  const data = items.map((p) => ({ date: p.date, total: p.total, ...p.models }));
  const first = items[0];
  const last = items[items.length - 1];
  const summary =
    first && last
      ? `Participating agreements by model at each of ${items.length} ICE snapshots, from ${first.date} (${first.total} agreements) to ${last.date} (${last.total} agreements). The data are listed in the table below the chart.`
      : 'No participating snapshots have been imported.';

  return (
    <figure className="chart-figure" data-testid="registry-chart">
      <div className="chart-frame">
        <ResponsiveContainer width="100%" height={320}>
          <BarChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
            title="Agreements by model over time"
            desc={summary}
          >
            <CartesianGrid stroke="#d9dde3" vertical={false} />
            <XAxis dataKey="date" tick={{ fill: '#3d4450', fontSize: 12 }} tickMargin={6} minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fill: '#3d4450', fontSize: 12 }} width={48} />
            <Tooltip
              cursor={{ fill: 'rgba(31, 78, 121, 0.08)' }}
              itemSorter={modelOrder}
              formatter={(value, name) => [String(value), `${modelName(String(name))} (${String(name)})`]}
              labelFormatter={(label) => `Snapshot ${String(label)}`}
            />
            <Legend
              itemSorter={modelOrder}
              wrapperStyle={{ fontSize: 13 }}
              formatter={(value: string) => (
                <span className="chart-legend-text">
                  {modelName(value)} ({value})
                </span>
              )}
            />
            {MODELS.map((m) => (
              <Bar
                key={m}
                dataKey={m}
                name={m}
                stackId="models"
                fill={MODEL_COLOURS[m]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="small muted">{summary}</figcaption>
      <details className="chart-data">
        <summary>Chart data as a table</summary>
        <div className="table-scroll">
          <table className="data-table compact">
            <caption className="visually-hidden">Participating agreements by model and snapshot date</caption>
            <thead>
              <tr>
                <th scope="col">Snapshot</th>
                {MODELS.map((m) => (
                  <th key={m} scope="col" className="num">
                    {m}
                  </th>
                ))}
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.date}>
                  <th scope="row">
                    <time dateTime={p.date}>{p.date}</time>
                  </th>
                  {MODELS.map((m) => (
                    <td key={m} className="num">
                      {p.models[m] ?? 0}
                    </td>
                  ))}
                  <td className="num">{p.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
