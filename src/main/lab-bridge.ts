import { app, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { BRIDGE_CHANNELS } from '../shared/bridge';
import type { Lab } from '../core/lab-api';
import { PendingCommands } from '../shared/pending-commands';
import { answerCommand } from './command-gate';
import { isOwnRenderer, rendererUrl } from './renderer-url';
import { saveRecording } from './save-recording';

/**
 * The only file that touches ipcMain: commands and history requests are answered only for our own
 * window's top frame; events go to it in batches.
 */
export function connectLab(lab: Lab, window: BrowserWindow): () => void {
  const page = rendererUrl(app.isPackaged);
  const trusted = (event: IpcMainInvokeEvent) => {
    try {
      return event.sender === window.webContents && event.senderFrame !== null && event.senderFrame === window.webContents.mainFrame && isOwnRenderer(event.senderFrame.url, page);
    } catch {
      // A frame that is gone (navigated, destroyed) can throw when asked about; it is not trusted.
      return false;
    }
  };

  const pending = new PendingCommands();
  ipcMain.handle(BRIDGE_CHANNELS.command, (event, command: unknown) => answerCommand(lab, () => trusted(event), command, pending));
  // Not the lab's own window: no history (null, which no page takes for one).
  ipcMain.handle(BRIDGE_CHANNELS.history, (event) => (trusted(event) ? lab.history() : null));
  ipcMain.handle(BRIDGE_CHANNELS.saveRecording, (event) => (trusted(event) ? saveRecording(lab, window) : { ok: false, error: 'not from the lab\'s own window' }));
  const unsubscribe = lab.subscribe((events) => {
    if (!window.isDestroyed()) window.webContents.send(BRIDGE_CHANNELS.events, events);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(BRIDGE_CHANNELS.command);
    ipcMain.removeHandler(BRIDGE_CHANNELS.history);
    ipcMain.removeHandler(BRIDGE_CHANNELS.saveRecording);
  };
}
