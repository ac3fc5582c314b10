import { useEffect, useRef, useState } from 'react';
import { isLive, type WorkerView } from '../shared/lab-state';
import type { LabCommand } from '../shared/protocol';
import { useCommands } from './hooks/use-commands';
import { useProcessView } from './hooks/use-process-view';
import { useShortcuts } from './hooks/use-shortcuts';
import { useToasts } from './hooks/use-toasts';
import { moveSelection, type Selection } from './model/selection';
import { useLabSnapshot, useLabStore } from './store/lab-store';
import type { LabClient } from './transport/lab-client';
import { ConfirmKill } from './views/ConfirmKill';
import { CpuPanel } from './views/CpuPanel';
import { EventLog } from './views/EventLog';
import { Header } from './views/Header';
import { HelpOverlay } from './views/HelpOverlay';
import { ProcessPanel } from './views/ProcessPanel';
import { StartDialog } from './views/StartDialog';
import { Toasts } from './views/Toasts';
import { WorkerDetails } from './views/WorkerDetails';

type OpenDialog = { readonly kind: 'start' } | { readonly kind: 'help' } | { readonly kind: 'kill'; readonly workerId: string } | null;

/** The lab's window: header, process tree, worker details, CPU cores and event log, plus the dialogs. */
export function App({ client }: { client: LabClient }) {
  const store = useLabStore();
  const snapshot = useLabSnapshot();
  const { state, status } = snapshot;
  const [selection, setSelection] = useState<Selection | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const view = useProcessView(state);
  const { toasts, push, dismiss } = useToasts();
  const send = useCommands(client, push);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => client.subscribe((events) => store.fold(events), (next) => store.setStatus(next)), [client, store]);

  const run = (command: LabCommand) => void send(command);
  const selected: WorkerView | undefined = selection?.kind === 'worker' ? state.workers[selection.workerId] : undefined;
  const live = selected !== undefined && isLive(selected) ? selected : undefined;
  const killTarget = dialog?.kind === 'kill' ? state.workers[dialog.workerId] : undefined;

  useShortcuts(
    {
      '/': () => search.current?.focus(),
      t: view.toggleMode,
      j: () => live && run({ type: 'join', workerIds: [live.id] }),
      k: () => live && setDialog({ kind: 'kill', workerId: live.id }),
      Delete: () => live && run({ type: 'terminate', workerIds: [live.id] }),
      ' ': () => store.togglePause(),
      '?': () => setDialog({ kind: 'help' }),
      ArrowUp: () => setSelection((current) => moveSelection(view.order, current, -1)),
      ArrowDown: () => setSelection((current) => moveSelection(view.order, current, 1)),
    },
    dialog === null,
  );

  return (
    <div className={snapshot.paused ? 'app paused' : 'app'}>
      <Header
        snapshot={snapshot}
        onStart={() => setDialog({ kind: 'start' })}
        onTerminateAll={() => run({ type: 'terminateAll' })}
        onTogglePause={() => store.togglePause()}
        onHelp={() => setDialog({ kind: 'help' })}
      />
      <main className="workspace">
        <ProcessPanel state={state} view={view} selection={selection} searchRef={search} onSelect={setSelection} />
        <WorkerDetails
          state={state}
          selection={selection}
          connected={status === 'connected'}
          run={run}
          askKill={(worker) => setDialog({ kind: 'kill', workerId: worker.id })}
        />
        <CpuPanel state={state} />
        <EventLog state={state} onSelectWorker={(workerId) => setSelection({ kind: 'worker', workerId })} />
      </main>
      <Toasts toasts={toasts} onDismiss={dismiss} />
      {dialog?.kind === 'start' && (
        <StartDialog
          send={(command) => client.send(command)}
          onClose={() => setDialog(null)}
          onStarted={(workerIds) => {
            setDialog(null);
            const first = workerIds[0];
            if (first !== undefined) setSelection({ kind: 'worker', workerId: first });
          }}
        />
      )}
      {killTarget !== undefined && (
        <ConfirmKill
          worker={killTarget}
          onClose={() => setDialog(null)}
          onKill={() => {
            setDialog(null);
            run({ type: 'kill', workerIds: [killTarget.id] });
          }}
        />
      )}
      {dialog?.kind === 'help' && <HelpOverlay onClose={() => setDialog(null)} />}
    </div>
  );
}
