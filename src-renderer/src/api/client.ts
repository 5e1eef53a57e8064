import { callNames, type CallName, type PlasticityApi } from '@core/contract/api';
import type { BridgeApi } from '@core/contract/bridge';
import { unwrap, type Envelope } from '@core/contract/envelope';
import type { ApiEventMessage } from '@core/contract/events';
import { fromWire, toWire } from '@core/contract/wire';

/**
 * The renderer's only door to the rest of the app. It picks its transport once, at start: Electron's preload bridge
 * when `window.plasticity` exists, otherwise the loopback server this page was served from (HTTP for calls, a
 * WebSocket for events; the HttpOnly cookie set on first load authenticates both). Everything above this file sees
 * the same PlasticityApi either way.
 */
declare global {
  interface Window {
    plasticity?: BridgeApi;
  }
}

export type Transport = 'electron' | 'loopback';

export function detectTransport(): Transport {
  return typeof window !== 'undefined' && window.plasticity ? 'electron' : 'loopback';
}

function electronApi(bridge: BridgeApi): PlasticityApi {
  const calls = Object.fromEntries(
    callNames.map((name) => [name, async (input: unknown) => unwrap(await (bridge.calls[name] as (i: unknown) => Promise<Envelope>)(input))]),
  );
  return { ...(calls as Omit<PlasticityApi, 'onEvent'>), onEvent: (listener) => bridge.onEvent(listener) };
}

function loopbackApi(base: string): PlasticityApi {
  const listeners = new Set<(message: ApiEventMessage) => void>();
  let socket: WebSocket | null = null;
  const connect = () => {
    const url = new URL('/events', base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onmessage = (event) => {
      const message = fromWire(String(event.data)) as ApiEventMessage;
      listeners.forEach((listener) => listener(message));
    };
    // Reconnect after a dropped connection (server restart, laptop sleep) while anyone is listening.
    socket.onclose = () => {
      socket = null;
      if (listeners.size) setTimeout(connect, 1000);
    };
  };
  const call = async (name: CallName, input: unknown) => {
    const response = await fetch(new URL(`/api/${name}`, base), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: toWire(input ?? {}),
    });
    const text = await response.text();
    if (response.status === 401 || response.status === 403) throw new Error(`The server refused the call (${response.status}): ${text}`);
    return unwrap(fromWire(text) as Envelope);
  };
  const calls = Object.fromEntries(callNames.map((name) => [name, (input: unknown) => call(name, input)]));
  return {
    ...(calls as Omit<PlasticityApi, 'onEvent'>),
    onEvent(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => listeners.delete(listener);
    },
  };
}

export function createApi(): PlasticityApi {
  return window.plasticity ? electronApi(window.plasticity) : loopbackApi(window.location.origin);
}

/** The app-wide client, created on first use. */
let instance: PlasticityApi | null = null;
export function useApi(): PlasticityApi {
  instance ??= createApi();
  return instance;
}
