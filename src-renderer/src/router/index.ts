import { createRouter, createWebHashHistory, type Router } from 'vue-router';
import { routes } from './routes';

/** Hash history: Electron loads the app from file://, where path-based URLs would point at files. */
export function createLabRouter(): Router {
  return createRouter({ history: createWebHashHistory(), routes });
}
