import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_CHANNELS, type LabBridge } from '../shared/bridge';

/**
 * The renderer's only way to the lab: four functions, no raw ipcRenderer. The main process validates
 * every command and checks who sent it.
 */
const bridge: LabBridge = {
  command: (command) => ipcRenderer.invoke(BRIDGE_CHANNELS.command, command),
  history: () => ipcRenderer.invoke(BRIDGE_CHANNELS.history),
  saveRecording: () => ipcRenderer.invoke(BRIDGE_CHANNELS.saveRecording),
  onEvents: (listener) => {
    const forward = (_event: IpcRendererEvent, events: unknown) => listener(events);
    ipcRenderer.on(BRIDGE_CHANNELS.events, forward);
    return () => {
      ipcRenderer.removeListener(BRIDGE_CHANNELS.events, forward);
    };
  },
};

contextBridge.exposeInMainWorld('lab', bridge);
