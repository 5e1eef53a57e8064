import type { EChartsCoreOption } from 'echarts/core';
import { colourVar } from './lines';

/** One row of a forest plot: an estimate with its interval (null where the fit gave none). */
export interface ForestRow {
  label: string;
  estimate: number;
  lo: number | null;
  hi: number | null;
}

const short = (v: number) => Number(v.toPrecision(3)).toString();

/**
 * Estimates with their confidence intervals, one row per group, on one common x axis: how a parameter differs
 * between groups (overlapping intervals: no clear difference). Rows read top to bottom in the given order.
 */
export function forestOption(rows: readonly ForestRow[], xName: string): EChartsCoreOption {
  const labels = rows.map((r) => r.label);
  // Rows by their labels (the category axis maps them), so the chart's CSV names each group.
  const whiskers = rows.map((r) => [r.lo ?? r.estimate, r.hi ?? r.estimate, r.label]);
  return {
    grid: { left: 8, right: 24, top: 12, bottom: 48, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex];
        return r ? `${r.label}: ${r.estimate.toPrecision(4)}${r.lo !== null && r.hi !== null ? ` [${r.lo.toPrecision(3)}, ${r.hi.toPrecision(3)}]` : ''}` : '';
      },
    },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 30, scale: true, axisLabel: { formatter: short } },
    // Categories from the top down, as a table reads.
    yAxis: { type: 'category', data: labels, inverse: true, axisTick: { show: false } },
    series: [
      {
        type: 'custom',
        name: 'interval',
        color: colourVar(0),
        dimensions: ['lower', 'upper', 'group'],
        data: whiskers,
        encode: { x: [0, 1], y: 2 },
        renderItem: (_params: unknown, api: WhiskerApi) => {
          const row = api.value(2);
          const [x0, y] = api.coord([api.value(0), row]);
          const [x1] = api.coord([api.value(1), row]);
          const cap = 5;
          const style = { stroke: api.visual('color'), lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: x0, y1: y, x2: x1, y2: y }, style },
              { type: 'line', shape: { x1: x0, y1: y - cap, x2: x0, y2: y + cap }, style },
              { type: 'line', shape: { x1, y1: y - cap, x2: x1, y2: y + cap }, style },
            ],
          };
        },
      },
      {
        type: 'scatter',
        name: 'estimate',
        color: colourVar(0),
        symbol: 'diamond',
        symbolSize: 10,
        z: 3,
        dimensions: ['estimate', 'group'],
        data: rows.map((r) => [r.estimate, r.label]),
      },
    ],
  };
}

interface WhiskerApi {
  value(dimension: number): number;
  coord(point: number[]): number[];
  visual(name: string): string;
}
