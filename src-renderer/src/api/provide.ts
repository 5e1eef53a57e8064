import { effectScope, inject, type App, type InjectionKey } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import { useApi } from './client';

/**
 * The API as seen by components and composables. The app provides the real client; component tests provide a fake,
 * so nothing above this file has to know which one it got.
 */
export const apiKey: InjectionKey<PlasticityApi> = Symbol('plasticity-api');

export function provideApi(app: App, api: PlasticityApi): void {
  app.provide(apiKey, api);
}

/** Call in setup(): the provided API, or the transport-picking client when nothing was provided. */
export function useLabApi(): PlasticityApi {
  return inject(apiKey, null) ?? useApi();
}

/**
 * One shared store per API instance: the jobs panel and the Fit page must see the same jobs, while each test's fake
 * API gets fresh state. The store is built in its own detached effect scope: built inside the first component that
 * asks for it, its watchers and computeds would otherwise stop when that component unmounts (leave History once and
 * its filters would never reload again), while the store itself lives on.
 */
export function perApi<T>(factory: (api: PlasticityApi) => T): (api: PlasticityApi) => T {
  const stores = new WeakMap<PlasticityApi, T>();
  return (api) => {
    let store = stores.get(api);
    if (!store) {
      store = effectScope(true).run(() => factory(api)) as T;
      stores.set(api, store);
    }
    return store;
  };
}
