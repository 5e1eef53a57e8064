import type { RouteComponent, RouteRecordRaw } from 'vue-router';

/** One entry per page: the navigation, its shortcuts (Alt+1..5) and the router are all built from this list. */
export interface PageInfo {
  name: string;
  path: string;
  label: string;
  /** The digit of its Alt+digit shortcut. */
  key: string;
  description: string;
}

export const pages: PageInfo[] = [
  { name: 'data', path: '/data', label: 'Data', key: '1', description: 'Import and inspect measured weight data' },
  { name: 'fit', path: '/fit', label: 'Fit', key: '2', description: 'Fit distributions with bootstrap confidence intervals' },
  { name: 'simulate', path: '/simulate', label: 'Simulate', key: '3', description: 'Plasticity geometry and RNN simulations' },
  { name: 'compare', path: '/compare', label: 'Compare', key: '4', description: 'Simulated against measured distributions' },
  { name: 'history', path: '/history', label: 'History', key: '5', description: 'Every data set, fit and run, searchable' },
];

/**
 * Each page is its own chunk of the bundle, loaded when first needed (the start shows the first page without
 * parsing the others); `prefetchPages` loads the rest once the first page is up, so later switches never wait for a
 * download.
 */
export const pageLoaders: Record<string, () => Promise<RouteComponent>> = {
  data: () => import('../pages/DataPage.vue'),
  fit: () => import('../pages/FitPage.vue'),
  simulate: () => import('../pages/SimulatePage.vue'),
  compare: () => import('../pages/ComparePage.vue'),
  history: () => import('../pages/HistoryPage.vue'),
};

export const routes: RouteRecordRaw[] = [
  // A new user starts from Data: the examples and the import are there.
  { path: '/', redirect: '/data' },
  ...pages.map((page) => ({ path: page.path, name: page.name, component: pageLoaders[page.name] })),
  { path: '/:unknown(.*)*', redirect: '/data' },
];

/** Loads every page's chunk (after the first page has been shown, in idle time). */
export function prefetchPages(): Promise<unknown> {
  return Promise.all(Object.values(pageLoaders).map((load) => load()));
}
