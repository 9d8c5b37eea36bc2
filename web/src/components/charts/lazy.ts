// LazyVChart is VChart (echarts.ts) loaded only when a page lets it: ECharts is a third of the
// code the dashboard needs, and its figures can be read before any chart is drawn. Until
// loadCharts() has been called and the code has come, each chart is an empty placeholder
// that takes the chart's attributes (its class, so its size: the page does not jump when the
// chart replaces it). Once loaded, the component stays loaded: later pages draw at once.
import { defineAsyncComponent, h } from 'vue'

let release: () => void = () => undefined
const wanted = new Promise<void>((resolve) => (release = resolve))

/** loadCharts lets the charts' code load (once; later calls do nothing). */
export function loadCharts(): void {
  release()
}

const ChartPlaceholder = { name: 'ChartPlaceholder', render: () => h('div') }

export const LazyVChart = defineAsyncComponent({
  loader: () => wanted.then(() => import('./echarts')).then((m) => m.VChart),
  loadingComponent: ChartPlaceholder,
  delay: 0,
})
