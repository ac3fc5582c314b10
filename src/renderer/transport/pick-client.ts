import { createIpcClient } from './ipc-client';
import type { LabClient } from './lab-client';
import { createWsClient } from './ws-client';

/** The Electron window has the preload's `window.lab`; a browser tab talks WebSocket to its own host. */
export function pickClient(): LabClient {
  if (window.lab !== undefined) return createIpcClient(window.lab);
  return createWsClient(window.location, (url, on) => {
    const socket = new WebSocket(url);
    socket.onopen = () => on.open();
    socket.onmessage = (frame: MessageEvent<unknown>) => on.message(frame.data);
    socket.onclose = () => on.close();
    return socket;
  });
}
