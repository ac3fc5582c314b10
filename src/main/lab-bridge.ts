import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { BRIDGE_CHANNELS } from '../shared/bridge';
import type { Lab } from '../core/lab-api';
import { isOwnRenderer } from './window';

/**
 * The only file that touches ipcMain: commands and history requests are answered only for our own
 * window's top frame; events go to it in batches.
 */
export function connectLab(lab: Lab, window: BrowserWindow): () => void {
  const trusted = (event: IpcMainInvokeEvent) =>
    event.sender === window.webContents && event.senderFrame !== null && event.senderFrame === window.webContents.mainFrame && isOwnRenderer(event.senderFrame.url);

  ipcMain.handle(BRIDGE_CHANNELS.command, (event, command: unknown) => {
    if (!trusted(event)) return { ok: false, error: 'refused: not the lab window' };
    return lab.execute(command);
  });
  ipcMain.handle(BRIDGE_CHANNELS.history, (event) => (trusted(event) ? lab.history() : []));
  const unsubscribe = lab.subscribe((events) => {
    if (!window.isDestroyed()) window.webContents.send(BRIDGE_CHANNELS.events, events);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(BRIDGE_CHANNELS.command);
    ipcMain.removeHandler(BRIDGE_CHANNELS.history);
  };
}
