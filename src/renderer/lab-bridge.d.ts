import type { LabBridge } from '../shared/bridge';

declare global {
  interface Window {
    /** The Electron preload's bridge (src/preload); absent in browser mode. */
    readonly lab?: LabBridge;
  }
}

export {};
