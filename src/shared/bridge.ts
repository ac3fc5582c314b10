/**
 * The one narrow API the Electron preload exposes to the renderer as `window.lab`. Its values are
 * `unknown` on purpose: whatever crosses the bridge is validated against protocol.ts by the receiver.
 */
export interface LabBridge {
  /** Sends one command; resolves with the reply (a `Reply` without type/id: `{ok, result}` or `{ok, error}`). */
  command(command: unknown): Promise<unknown>;
  /** Every event so far, to rebuild the state (the lab is event-sourced). */
  history(): Promise<unknown>;
  /** Live events after subscribing, in batches. Returns the unsubscribe function. */
  onEvents(listener: (events: unknown) => void): () => void;
  /**
   * Asks where to save the lab's recording (the shell's save dialog) and writes it there: resolves with
   * `{ok: true, path}`, `{ok: false, cancelled: true}` or `{ok: false, error}`.
   */
  saveRecording(): Promise<unknown>;
}

export const BRIDGE_CHANNELS = {
  command: 'lab:command',
  history: 'lab:history',
  events: 'lab:events',
  saveRecording: 'lab:saveRecording',
} as const;
