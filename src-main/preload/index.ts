// The preload bridge: one function per call of the contract, plus an event subscription. Nothing else of Electron
// (no generic send/invoke, no ipcRenderer) reaches the page. The object is checked against the declared type with
// `satisfies`, so bridge and contract cannot drift apart.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, callNames, ipcChannel, type CallName } from '@core/contract/channels';
import type { ApiEventMessage } from '@core/contract/events';
import type { Envelope } from '@core/contract/envelope';
import type { BridgeApi } from '@core/contract/bridge';

const calls = Object.fromEntries(
  callNames.map((name: CallName) => [name, (input: unknown) => ipcRenderer.invoke(ipcChannel(name), input) as Promise<Envelope>]),
) as BridgeApi['calls'];

const bridge = {
  calls,
  onEvent(listener: (message: ApiEventMessage) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, message: ApiEventMessage) => listener(message);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
    };
  },
} satisfies BridgeApi;

contextBridge.exposeInMainWorld('plasticity', bridge);
