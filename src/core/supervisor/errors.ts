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
  stopping: () => 'the lab is stopping; no new workers start',
} as const;

/** A command may name 4096 workers; a message names the first few, so it stays one readable line. */
const NAMES_SHOWN = 5;

function listSome(names: readonly string[]): string {
  if (names.length <= NAMES_SHOWN) return names.join(', ');
  return `${names.slice(0, NAMES_SHOWN).join(', ')} and ${names.length - NAMES_SHOWN} more`;
}
