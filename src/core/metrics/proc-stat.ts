/**
 * Parsers for /proc/PID/stat and /proc/PID/cmdline (proc(5)). Pure functions, tested with real-format
 * lines. The per-process sampler calls `parseStatInto` hundreds of times per sample, so it scans bytes of
 * the buffer it was read into and fills a caller's object: no split, no regex, one small string (comm).
 */

/** The fields of /proc/PID/stat the lab uses. Mutable so that the hot path can refill one scratch object. */
export interface StatFields {
  comm: string;
  /** R running, S sleeping, D disk wait, T stopped, t traced, Z zombie, X dead, I idle. */
  state: string;
  ppid: number;
  /** The session id: a process that called setsid (a detached worker, or one that detached itself) has its own. */
  session: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
  threads: number;
  /** Start time in clock ticks since boot: with the pid, the identity of a process. */
  start: number;
  rssPages: number;
}

export function emptyStatFields(): StatFields {
  return { comm: '', state: '?', ppid: 0, session: 0, ticks: 0, threads: 0, start: 0, rssPages: 0 };
}

// Field numbers counted from the state field (field 3 in proc(5)) as 0.
const PPID = 1;
const SESSION = 3;
const UTIME = 11;
const STIME = 12;
const THREADS = 17;
const START = 19;
const RSS = 21;

const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const ZERO = 0x30;

/**
 * Parses the first `length` bytes of `bytes` (one read of /proc/PID/stat or /proc/PID/task/TID/stat) into
 * `into`. False when the text is not a whole stat line (an empty read of a dead process, say).
 * comm may contain spaces and ')' (a program may name itself "a) b"), so the fields start after the LAST
 * ')', which is why the search runs backwards from the end of what was read.
 * `knownComm` is the name this process had last time: when the bytes still spell it, that string is reused
 * rather than decoded again (names rarely change, and this runs for every process at every sample).
 */
export function parseStatInto(bytes: Buffer, length: number, into: StatFields, knownComm = ''): boolean {
  const open = bytes.indexOf(OPEN_PAREN);
  const close = length > 0 ? bytes.lastIndexOf(CLOSE_PAREN, length - 1) : -1;
  // After ')' come " X " (state) and the first number: anything shorter is truncated.
  if (open < 0 || close < open || close + 4 >= length) return false;
  into.comm = spells(bytes, open + 1, close, knownComm) ? knownComm : bytes.toString('utf8', open + 1, close);
  into.state = String.fromCharCode(bytes[close + 2]!);
  into.ppid = readNumber(bytes, close + 4, length);
  into.session = readNumber(bytes, skipFields(bytes, next, length, SESSION - PPID - 1), length);
  const utime = readNumber(bytes, skipFields(bytes, next, length, UTIME - SESSION - 1), length);
  into.ticks = utime + readNumber(bytes, next, length);
  into.threads = readNumber(bytes, skipFields(bytes, next, length, THREADS - STIME - 1), length);
  into.start = readNumber(bytes, skipFields(bytes, next, length, START - THREADS - 1), length);
  const rss = skipFields(bytes, next, length, RSS - START - 1);
  if (rss >= length) return false;
  into.rssPages = readNumber(bytes, rss, length);
  return true;
}

/**
 * Where the field after the last one read begins. A module variable rather than a returned pair, so that
 * the parse allocates nothing.
 */
let next = 0;

/** The decimal number at `start` (negative ones too: priority is -100 for real-time threads). */
function readNumber(bytes: Buffer, start: number, length: number): number {
  let value = 0;
  let negative = false;
  let i = start;
  for (; i < length; i++) {
    const byte = bytes[i]!;
    if (byte === SPACE || byte === NEWLINE) break;
    if (byte === MINUS) negative = true;
    else value = value * 10 + (byte - ZERO);
  }
  next = i + 1;
  return negative ? -value : value;
}

/** The start of the field `count` fields after the one at `start` (or `length` when the text ends first). */
function skipFields(bytes: Buffer, start: number, length: number, count: number): number {
  if (count <= 0) return start;
  let left = count;
  for (let i = start; i < length; i++) if (bytes[i] === SPACE && --left === 0) return i + 1;
  return length;
}

/** Whether bytes[start, end) are exactly the characters of `text`, all ASCII (others are decoded anew). */
function spells(bytes: Buffer, start: number, end: number, text: string): boolean {
  if (text.length !== end - start) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f || bytes[start + i] !== code) return false;
  }
  return true;
}

/** The same parse over a string, for callers off the hot path (and for tests). */
export function parseStat(text: string): StatFields | null {
  const bytes = Buffer.from(text, 'utf8');
  const fields = emptyStatFields();
  return parseStatInto(bytes, bytes.length, fields) ? fields : null;
}

/** /proc/PID/cmdline: arguments separated (and ended) by NUL; empty for kernel threads and zombies. */
export function parseCmdline(raw: string, comm: string): string {
  let end = raw.length;
  while (end > 0 && raw.charCodeAt(end - 1) === 0) end--;
  const command = raw.slice(0, end).replaceAll('\0', ' ').trim();
  return command === '' ? `[${comm}]` : command;
}

/** CPU in percent of one core: `ticks` clock ticks of CPU time over `elapsedMs` of wall time. */
export function cpuPercent(ticks: number, clockTicks: number, elapsedMs: number): number {
  if (elapsedMs <= 0 || ticks <= 0) return 0;
  return (ticks / clockTicks) * 100_000 / elapsedMs;
}
