import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isLive, type WorkerView } from '../shared/lab-state';
import { poolWorkers } from '../shared/pool-states';
import type { CommandToSend } from '../shared/protocol';
import { WaitContexts } from './hooks/wait-contexts';
import { useCommands } from './hooks/use-commands';
import { KeptStateContext, type KeptState } from './hooks/use-kept-state';
import { PoolSlotContext } from './hooks/use-pool-slot';
import { useProcessView } from './hooks/use-process-view';
import { useScenarioFocus } from './hooks/use-scenario-focus';
import { useRecordings } from './hooks/use-recordings';
import { useShortcuts } from './hooks/use-shortcuts';
import { useToasts } from './hooks/use-toasts';
import { joinsOn, steadyBlockedWorkers } from './model/blocked-on';
import { waitedOnEntries } from './model/primitive-list';
import { liveWorkerCount } from './model/live-workers';
import { presentationContent } from './model/presentation-content';
import { printingWorkerOf } from './model/scenario-view';
import type { ProcessTarget } from './model/process-actions';
import { moveSelection, selectionAfterWorkersChanged, type Selection } from './model/selection';
import { INITIAL_DRAFT, type StartDraft } from './model/start-form';
import { useLabSnapshot, useLabStore } from './store/lab-store';
import type { LabClient } from './transport/lab-client';
import { ConfirmKill, type KillTarget } from './views/ConfirmKill';
import { CpuPanel } from './views/CpuPanel';
import { DeadlockBanner } from './views/DeadlockBanner';
import { EventLog } from './views/EventLog';
import { Header } from './views/Header';
import { HelpOverlay } from './views/HelpOverlay';
import { MainViewSwitch, type MainView } from './views/MainViewSwitch';
import { ComparisonDialog } from './views/ComparisonDialog';
import { StartLessonDialog } from './views/StartLessonDialog';
import { NewPoolDialog } from './views/NewPoolDialog';
import { NewPrimitiveDialog } from './views/NewPrimitiveDialog';
import { PoolsView } from './views/PoolsView';
import { PresentationMode } from './views/PresentationMode';
import { PresentStage } from './views/PresentStage';
import { ScenariosView } from './views/ScenariosView';
import { PresentedRunControls } from './views/ScenarioRunControls';
import { ProcessPanel } from './views/ProcessPanel';
import { RECORDING_REFUSAL, RecordingBanner } from './views/RecordingBanner';
import { FileMenu } from './views/FileMenu';
import { StartDialog } from './views/StartDialog';
import { SyncView } from './views/SyncView';
import { TimelinePanel } from './views/TimelinePanel';
import { Toasts } from './views/Toasts';
import { WorkerDetails } from './views/WorkerDetails';

type OpenDialog =
  | { readonly kind: 'start' }
  | { readonly kind: 'newPrimitive' }
  | { readonly kind: 'newPool' }
  | { readonly kind: 'help' }
  | { readonly kind: 'comparison' }
  | { readonly kind: 'start-lesson' }
  | { readonly kind: 'kill'; readonly workerId: string }
  | { readonly kind: 'killProcess'; readonly process: ProcessTarget }
  | null;

/**
 * The lab's window: header, the deadlock banner when there is one, then the process tree (or, switched, the
 * Locks, Wait-for graph and Queues, or the Pools), worker details, the timeline, CPU cores and event log, plus the dialogs.
 * Every view draws `snapshot.state`: the live state, or the state at the moment viewed on the timeline.
 */
export function App({ client }: { client: LabClient }) {
  const store = useLabStore();
  const snapshot = useLabSnapshot();
  const { state, status } = snapshot;
  const [selection, setSelection] = useState<Selection | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [mainView, setMainView] = useState<MainView>('processes');
  // The timeline drawn large in the main view's place; asking for a main view brings that view back.
  const [timelineExpanded, setTimelineExpanded] = useState(false);
  // Presentation mode: the window gives way to the panels that matter, drawn large (PresentationMode).
  const [presenting, setPresenting] = useState(false);
  // The scenario picked in the Scenarios view: presentation mode presents it (presentation-content.ts).
  const [pickedScenario, setPickedScenario] = useState<string | null>(null);
  const showMainView = useCallback((next: MainView) => {
    setMainView(next);
    setTimelineExpanded(false);
  }, []);
  const [lastStart, setLastStart] = useState<StartDraft>(INITIAL_DRAFT);
  // From the primitives someone waits on: the same array while the waits are (not every primitive, every frame).
  const waited = waitedOnEntries(state.sync);
  const joins = useMemo(() => joinsOn(state.workers), [state.workers]);
  const blocked = useMemo(() => steadyBlockedWorkers(waited, joins), [waited, joins]);
  const poolSlots = useMemo(() => poolWorkers(state.pools), [state.pools]);
  // What was typed in views that come and go (a pool's work form): one map for the page's life.
  const [kept] = useState<KeptState>(() => new Map());
  const view = useProcessView(state);
  const { toasts, push, dismiss } = useToasts();
  const sendToLab = useCommands(client, push);
  const recordings = useRecordings(store, push);
  const showingRecording = snapshot.mode.kind === 'recording';
  // A recording shown: nothing runs, whatever a shortcut or a stale button asks.
  const send = useCallback(
    (command: CommandToSend) => {
      if (!showingRecording) return sendToLab(command);
      push('Refused:', RECORDING_REFUSAL);
      return Promise.resolve({ ok: false as const, error: RECORDING_REFUSAL });
    },
    [showingRecording, sendToLab, push],
  );
  const offReason = status !== 'connected' ? 'not connected to the lab' : showingRecording ? RECORDING_REFUSAL : null;
  const search = useRef<HTMLInputElement>(null);
  // Stable, so that the memoised File menu is not drawn again each frame (its file input re-set every time).
  const exportFailed = useCallback((message: string) => push('Export failed:', message), [push]);
  const selectWorker = useCallback((workerId: string) => setSelection({ kind: 'worker', workerId }), []);

  useEffect(() => client.subscribe((events, from) => store.fold(events, from), (next) => store.setStatus(next)), [client, store]);
  // A closed worker leaves the lists: its details go with it rather than waiting for it "to appear". Judged
  // on the live lab: viewing a moment before a worker started must not lose the selection.
  const liveWorkers = snapshot.viewedAt === null ? state.workers : store.liveState().workers;
  const workersBefore = useRef(liveWorkers);
  useEffect(() => {
    // Read now: the updater runs at the next render, after the ref has moved on.
    const before = workersBefore.current;
    const after = liveWorkers;
    workersBefore.current = after;
    setSelection((current) => selectionAfterWorkersChanged(current, before, after));
  }, [liveWorkers]);

  const run = (command: CommandToSend) => void send(command);
  const selected: WorkerView | undefined = selection?.kind === 'worker' ? state.workers[selection.workerId] : undefined;
  const live = selected !== undefined && isLive(selected) ? selected : undefined;
  const killTarget = killTargetOf(dialog, state.workers);

  useShortcuts(
    {
      '/': () => search.current?.focus(),
      t: view.toggleMode,
      s: () => showMainView(mainView === 'processes' ? 'sync' : 'processes'),
      p: () => showMainView(mainView === 'pools' ? 'processes' : 'pools'),
      c: () => showMainView(mainView === 'scenarios' ? 'processes' : 'scenarios'),
      F5: () => setPresenting(true),
      e: () => setTimelineExpanded((current) => !current),
      Escape: () => setTimelineExpanded(false),
      j: () => live && run({ type: 'join', workerIds: [live.id] }),
      k: () => live && setDialog({ kind: 'kill', workerId: live.id }),
      Delete: () => live && run({ type: 'terminate', workerIds: [live.id] }),
      ' ': () => store.togglePause(),
      '?': () => setDialog({ kind: 'help' }),
      ArrowUp: () => setSelection((current) => moveSelection(view.order, current, -1)),
      ArrowDown: () => setSelection((current) => moveSelection(view.order, current, 1)),
    },
    dialog === null && !presenting,
  );

  const processPanel = <ProcessPanel state={state} view={view} selection={selection} searchRef={search} onSelect={setSelection} />;
  const poolsView = (
    <PoolsView
      state={state}
      offReason={offReason}
      onNewPool={() => setDialog({ kind: 'newPool' })}
      actions={{
        run,
        askKill: (workerId) => setDialog({ kind: 'kill', workerId }),
        selectWorker: selectWorker,
        refuse: push,
      }}
    />
  );
  const presented = presentationContent(state.scenarios, pickedScenario, mainView, timelineExpanded);
  useScenarioFocus(state.scenarios, pickedScenario, setSelection);

  return (
    <WaitContexts blocked={blocked} step={state.step}>
      <PoolSlotContext value={poolSlots}>
        <KeptStateContext value={kept}>
          <div className={snapshot.paused ? 'app paused' : 'app'}>
            {presenting ? (
              <PresentationMode
                content={presented}
                keysEnabled={dialog === null}
                controls={presented.run && <PresentedRunControls {...presented.run} off={offReason} pythons={state.system?.pythons ?? []} send={run} />}
                stage={
                  <PresentStage
                    panels={presented.panels}
                    state={state}
                    offReason={offReason}
                    processPanel={processPanel}
                    poolsView={poolsView}
                    pointAt={presented.pointAt}
                    outputWorkerId={presented.focusWorkerId ?? printingWorkerOf(presented.runGroupIds, state.workers, state.output) ?? (selection?.kind === 'worker' ? selection.workerId : null)}
                    operate={run}
                    step={run}
                    onNewPrimitive={() => setDialog({ kind: 'newPrimitive' })}
                    onCompare={() => setDialog({ kind: 'comparison' })}
                    onStartLesson={() => setDialog({ kind: 'start-lesson' })}
                    onSelectWorker={selectWorker}
                    onLeave={() => setPresenting(false)}
                  />
                }
                onStep={(to) => presented.scenarioId !== null && run({ type: 'scenario.step', id: presented.scenarioId, to })}
                onLeave={() => setPresenting(false)}
              />
            ) : (
              <>
              <Header
                snapshot={snapshot}
                viewSwitch={<MainViewSwitch view={mainView} onChange={showMainView} />}
                fileMenu={
                  <FileMenu
                    canSave={status === 'connected'}
                    shown={showingRecording ? recordings.opened : null}
                    onSave={recordings.save}
                    onOpen={recordings.openFile}
                    onExportFailed={exportFailed}
                  />
                }
                commandsOff={showingRecording ? RECORDING_REFUSAL : null}
                onStart={() => setDialog({ kind: 'start' })}
                onTerminateAll={() => run({ type: 'terminateAll' })}
                onTogglePause={() => store.togglePause()}
                onPresent={() => setPresenting(true)}
                onHelp={() => setDialog({ kind: 'help' })}
              />
              {showingRecording && recordings.opened !== null && (
                <RecordingBanner recording={recordings.opened} onBackToLive={store.liveState().host === null ? null : recordings.backToLive} />
              )}
              <DeadlockBanner state={state} run={run} onShowGraph={mainView === 'sync' && !timelineExpanded ? null : () => showMainView('sync')} />
              <main className={timelineExpanded ? 'workspace timeline-expanded' : mainView === 'scenarios' ? 'workspace scenarios-wide' : 'workspace'}>
                {timelineExpanded ? null : mainView === 'processes' ? (
                  processPanel
                ) : mainView === 'scenarios' ? (
                  <ScenariosView
                    scenarios={state.scenarios}
                    picked={pickedScenario}
                    offReason={offReason}
                    fallbackPanels={['processes']}
                    pythons={state.system?.pythons ?? []}
                    onPick={setPickedScenario}
                    send={run}
                    onPresent={() => setPresenting(true)}
                  />
                ) : mainView === 'sync' ? (
                  <SyncView
                    state={state}
                    offReason={offReason}
                    onNewPrimitive={() => setDialog({ kind: 'newPrimitive' })}
                    operate={run}
                    step={run}
                  />
                ) : (
                  poolsView
                )}
                {/* The Scenarios view takes the details' column too: its narration needs the room more. */}
                {(mainView !== 'scenarios' || timelineExpanded) && (
                  <WorkerDetails
                    state={state}
                    selection={selection}
                    offReason={offReason}
                    run={run}
                    askKill={(worker) => setDialog({ kind: 'kill', workerId: worker.id })}
                    askKillProcess={(process) => setDialog({ kind: 'killProcess', process })}
                  />
                )}
                <TimelinePanel expanded={timelineExpanded} onToggleExpanded={() => setTimelineExpanded((current) => !current)} />
                <CpuPanel state={state} onCompare={() => setDialog({ kind: 'comparison' })} onStartLesson={() => setDialog({ kind: 'start-lesson' })} />
                <EventLog state={state} onSelectWorker={selectWorker} />
              </main>
              </>
            )}
            <Toasts toasts={toasts} onDismiss={dismiss} />
            {dialog?.kind === 'start' && (
              <StartDialog
                initial={lastStart}
                limit={{ maxLiveWorkers: state.config.maxLiveWorkers, live: liveWorkerCount(state) }}
                interpreters={state.system?.pythons ?? []}
                send={(command) => client.send(command)}
                onClose={() => setDialog(null)}
                onStarted={(workerIds, draft, keepOpen) => {
                  if (!keepOpen) setDialog(null);
                  setLastStart(draft);
                  const first = workerIds[0];
                  if (first !== undefined) setSelection({ kind: 'worker', workerId: first });
                }}
              />
            )}
            {killTarget !== null && (
              <ConfirmKill
                target={killTarget}
                onClose={() => setDialog(null)}
                onKill={() => {
                  setDialog(null);
                  if (killTarget.kind === 'worker') run({ type: 'kill', workerIds: [killTarget.worker.id] });
                  else run({ type: 'process.signal', pid: killTarget.process.pid, start: killTarget.process.start, signal: 'SIGKILL' });
                }}
              />
            )}
            {dialog?.kind === 'newPrimitive' && <NewPrimitiveDialog send={(command) => client.send(command)} onClose={() => setDialog(null)} onCreated={() => setDialog(null)} />}
            {dialog?.kind === 'newPool' && (
              <NewPoolDialog cores={state.host?.cores ?? null} send={(command) => client.send(command)} onClose={() => setDialog(null)} onCreated={() => setDialog(null)} />
            )}
            {dialog?.kind === 'help' && <HelpOverlay onClose={() => setDialog(null)} />}
            {dialog?.kind === 'comparison' && <ComparisonDialog state={state} offReason={offReason} send={(command) => client.send(command)} onClose={() => setDialog(null)} />}
            {dialog?.kind === 'start-lesson' && <StartLessonDialog state={state} offReason={offReason} send={(command) => client.send(command)} onClose={() => setDialog(null)} />}
          </div>
        </KeptStateContext>
      </PoolSlotContext>
    </WaitContexts>
  );
}

function killTargetOf(dialog: OpenDialog, workers: Readonly<Record<string, WorkerView>>): KillTarget | null {
  if (dialog?.kind === 'killProcess') return { kind: 'process', process: dialog.process };
  const worker = dialog?.kind === 'kill' ? workers[dialog.workerId] : undefined;
  return worker === undefined ? null : { kind: 'worker', worker };
}
