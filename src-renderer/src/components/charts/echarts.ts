import * as echarts from 'echarts/core';
import { CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent, TitleComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

/** Only the ECharts parts we use are bundled; add a chart type or component here when a builder needs it. */
echarts.use([CustomChart, LineChart, GridComponent, MarkLineComponent, TooltipComponent, TitleComponent, LegendComponent, CanvasRenderer]);

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
    color: [v('--chart-1'), v('--chart-2'), v('--chart-3')],
    backgroundColor: 'transparent',
    textStyle: { color: v('--text'), fontFamily: style.fontFamily },
    title: { textStyle: { color: v('--text'), fontSize: 13, fontWeight: 600 }, subtextStyle: { color: v('--text-muted') } },
    legend: { textStyle: { color: v('--text-muted') } },
    tooltip: { backgroundColor: v('--surface'), borderColor: v('--border'), textStyle: { color: v('--text') } },
    valueAxis: axis,
    categoryAxis: axis,
  };
}
