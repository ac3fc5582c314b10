/** Messages for commands that cannot apply, from named factories so the wording stays consistent. */
export const refusals = {
  unknownWorkers: (ids: readonly string[]) =>
    ids.length === 1 ? `no worker with id "${ids[0]}"` : `no workers with ids ${listSome(ids.map((id) => `"${id}"`))}`,
  allEnded: (names: readonly string[]) =>
    names.length === 1 ? `${names[0]} has already exited` : `${listSome(names)} have already exited`,
  tooMany: (limit: number, live: number, asked: number) =>
    `the lab allows at most ${limit} live workers; ${live} are running, so ${asked} more cannot start. ` +
    'Terminate some, or raise the limit.',
  signalToThread: (name: string) =>
    `${name} is a thread: signals go to whole processes (a thread's process is the lab itself). Use Terminate.`,
  noSignalsHere: (signal: string, platform: string) => `${signal} cannot be sent on ${platform}`,
  notDelivered: (signal: string, names: readonly string[]) => `${signal} could not be delivered to ${listSome(names)}`,
  /** Python's words (multiprocessing/process.py, BaseProcess.close and _check_closed). */
  stillRunning: (name: string) => `${name}: Cannot close a process while it is still running. You should first call join() or terminate().`,
  childrenRunning: (name: string) => `${name}: its children still run; end them first (Terminate tree)`,
  closed: (id: string) => `${id}: process object is closed`,
  stopping: () => 'the lab is stopping; no new workers start',
  endedBeforeLaunch: () => 'ended before it was launched (it was waiting for its turn to start)',
  theLabItself: (pid: number) => `pid ${pid} is the lab itself: quit the lab to stop it`,
  isAWorker: (pid: number, name: string) => `pid ${pid} is the worker ${name}: use the worker's own actions`,
  notInTree: (pid: number) =>
    `pid ${pid} is not a live process of the lab's tree; the lab signals only processes it has seen below it`,
  notTheLabs: (pid: number) =>
    `pid ${pid} is not the lab's: no worker started it (the lab's host has processes of its own), so the lab leaves it alone`,
  leftTheSession: (pid: number) =>
    `pid ${pid} has left the lab's session (it, or a process above it, called setsid to be on its own): the lab leaves it alone`,
  pidReused: (pid: number) => `the process you saw as pid ${pid} has exited; the pid now names another process`,
} as const;

/** A command may name 4096 workers; a message names the first few, so it stays one readable line. */
const NAMES_SHOWN = 5;

function listSome(names: readonly string[]): string {
  if (names.length <= NAMES_SHOWN) return names.join(', ');
  return `${names.slice(0, NAMES_SHOWN).join(', ')} and ${names.length - NAMES_SHOWN} more`;
}
