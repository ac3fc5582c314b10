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
}

export const BRIDGE_CHANNELS = {
  command: 'lab:command',
  history: 'lab:history',
  events: 'lab:events',
} as const;
