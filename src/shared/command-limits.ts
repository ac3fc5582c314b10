import { exceedsMessageLimits } from './message-limits';
import { MAX_MAP_RANGE } from './pools';

/**
 * The message limits (message-limits.ts) as a command crossing into the lab meets them, on every path: a
 * page's WebSocket frame, the Electron window's IPC, and lab.execute itself (a shell, a test, the bench).
 * A pool.map's items are the usual way past them, and the limit's own words ("more than 20000 values") do
 * not say what to do instead: for a map they say it, `{"range": n}`, Python's `pool.map(f, range(n))`.
 * `command` is the command inside `message` (a frame's envelope holds one), or the message itself.
 */
export function exceedsCommandLimits(message: unknown, command: unknown = message): string | null {
  const tooBig = exceedsMessageLimits(message);
  if (tooBig === null || !isPoolMap(command)) return tooBig;
  return `${tooBig}: a map's items all travel in one message, so for a large map send {"range": n} (n up to ${MAX_MAP_RANGE}), Python's pool.map(f, range(n))`;
}

function isPoolMap(command: unknown): boolean {
  return typeof command === 'object' && command !== null && !Array.isArray(command) && Object.hasOwn(command, 'type') && (command as { type?: unknown }).type === 'pool.map';
}
