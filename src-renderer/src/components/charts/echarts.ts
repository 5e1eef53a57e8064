import * as echarts from 'echarts/core';
import { CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent, TitleComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { PALETTE_SIZE } from './options/lines';

/** Only the ECharts parts we use are bundled; add a chart type or component here when a builder needs it. */
echarts.use([
  CustomChart, LineChart, ScatterChart, GridComponent, MarkLineComponent, TooltipComponent, TitleComponent, LegendComponent,
  CanvasRenderer, SVGRenderer,
]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';

/** An ECharts theme built from the page's CSS variables, so charts follow the light/dark palette exactly. */
export function themeFromCss(element: Element): Record<string, unknown> {
  const style = getComputedStyle(element);
  const v = (name: string) => style.getPropertyValue(name).trim();
  const axis = {
    axisLine: { lineStyle: { color: v('--border') } },
    axisTick: { lineStyle: { color: v('--border') } },
    axisLabel: { color: v('--text-muted') },
    splitLine: { lineStyle: { color: v('--surface-2') } },
    nameTextStyle: { color: v('--text-muted') },
  };
  return {
    color: Array.from({ length: PALETTE_SIZE }, (_, i) => v(`--chart-${i + 1}`)),
    backgroundColor: 'transparent',
    textStyle: { color: v('--text'), fontFamily: style.fontFamily },
    title: { textStyle: { color: v('--text'), fontSize: 13, fontWeight: 600 }, subtextStyle: { color: v('--text-muted') } },
    legend: { textStyle: { color: v('--text-muted') } },
    tooltip: { backgroundColor: v('--surface'), borderColor: v('--border'), textStyle: { color: v('--text') } },
    valueAxis: axis,
    logAxis: axis,
    categoryAxis: axis,
  };
}

/**
 * Builders name colours as `var(--chart-2)`, which canvas cannot paint: this replaces every such string in an option
 * by the variable's current value (functions and numeric data are left as they are).
 */
export function resolveCssVars<T>(option: T, element: Element): T {
  const style = getComputedStyle(element);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const m = /^var\((--[\w-]+)\)$/.exec(value);
      return m ? style.getPropertyValue(m[1]).trim() || value : value;
    }
    if (Array.isArray(value)) {
      // Data arrays are long and numeric: leave them alone.
      if (value.length > 0 && typeof value[0] === 'number') return value;
      return value.map(walk);
    }
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) out[key] = key === 'data' && isNumericRows(inner) ? inner : walk(inner);
      return out;
    }
    return value;
  };
  return walk(option) as T;
}

function isNumericRows(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && (typeof value[0] === 'number' || (Array.isArray(value[0]) && typeof value[0][0] === 'number'));
}
