import type { RouteRecordRaw } from 'vue-router';
import DataPage from '../pages/DataPage.vue';
import FitPage from '../pages/FitPage.vue';
import SimulatePage from '../pages/SimulatePage.vue';
import ComparePage from '../pages/ComparePage.vue';
import HistoryPage from '../pages/HistoryPage.vue';

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

const components = { data: DataPage, fit: FitPage, simulate: SimulatePage, compare: ComparePage, history: HistoryPage };

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/fit' },
  ...pages.map((page) => ({ path: page.path, name: page.name, component: components[page.name as keyof typeof components] })),
  { path: '/:unknown(.*)*', redirect: '/fit' },
];
