import { ref, type Ref } from 'vue';
import type { AppInfo, PlasticityApi } from '@core/contract/api';
import { perApi, useLabApi } from '../api/provide';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';

export interface AppInfoState {
  info: Ref<AppInfo | null>;
  error: Ref<ErrorInfo | null>;
}

const storeFor = perApi((api: PlasticityApi): AppInfoState => {
  const info = ref<AppInfo | null>(null);
  const error = ref<ErrorInfo | null>(null);
  api.getAppInfo({}).then(
    (value) => { info.value = value; },
    (caught: unknown) => { error.value = toErrorInfo(caught); },
  );
  return { info, error };
});

/** Version, database path and worker count, fetched once. */
export function useAppInfo(): AppInfoState {
  return storeFor(useLabApi());
}
