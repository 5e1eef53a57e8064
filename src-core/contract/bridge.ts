import type { CallInput, CallName, CallResult } from './api';
import type { Envelope } from './envelope';
import type { ApiEventMessage } from './events';

/**
 * What the preload exposes as `window.plasticity`: each call returns an envelope (errors as data, since contextBridge
 * drops Error fields); the renderer's client unwraps it into the same PlasticityApi the loopback transport gives.
 */
export interface BridgeApi {
  calls: { [N in CallName]: (input: CallInput<N>) => Promise<Envelope<CallResult<N>>> };
  onEvent(listener: (message: ApiEventMessage) => void): () => void;
}
