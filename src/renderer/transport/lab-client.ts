import type { PageKeyframe } from '../../shared/page-history';
import type { CommandOutcome, CommandToSend, LabEvent } from '../../shared/protocol';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/**
 * The renderer's one way to the lab, whichever transport carries it (Electron IPC or browser mode's
 * WebSocket). Events arrive in batches, in `seq` order. The contract of `subscribe`: after each
 * 'connected' status, the first batch is the history: the events after `from`, the lab's latest keyframe
 * (the state is rebuilt from it, see store/lab-store.ts); later batches are live and may repeat events the
 * history already held.
 */
export interface LabClient {
  send(command: CommandToSend): Promise<CommandOutcome>;
  subscribe(onEvents: (events: LabEvent[], from?: PageKeyframe) => void, onStatus: (status: ConnectionStatus) => void): () => void;
}
