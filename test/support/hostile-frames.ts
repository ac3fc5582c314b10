import { SeededRandom } from './seeded-random';

/**
 * Frames a hostile or broken client could send to the lab's WebSocket, by class. Every frame is wrong by
 * construction (no frame may start a worker or change the lab's settings), so the lab must answer each
 * with ok:false and a sentence. `replyId` is the id the answer must carry: the frame's own when it has a
 * usable one, '' otherwise.
 */
export const FRAME_CLASSES = [
  'invalid JSON',
  'not an envelope',
  'wrong types',
  'huge values',
  'deep nesting',
  'NaN-like numbers',
  'unknown commands and ids',
  'prototype keys',
  'absurd but well-shaped',
  'binary',
] as const;
export type FrameClass = (typeof FRAME_CLASSES)[number];

export interface HostileFrame {
  readonly frameClass: FrameClass;
  readonly data: string | Buffer;
  readonly binary: boolean;
  readonly replyId: string;
}

/** Heavy classes (80-250 KB a frame) are rarer, so the default run stays short. */
const WEIGHTS: Readonly<Record<FrameClass, number>> = {
  'invalid JSON': 12,
  'not an envelope': 10,
  'wrong types': 20,
  'huge values': 4,
  'deep nesting': 6,
  'NaN-like numbers': 10,
  'unknown commands and ids': 12,
  'prototype keys': 12,
  'absurd but well-shaped': 8,
  binary: 6,
};

/** JSON text written as is: numbers JSON.stringify cannot write (1e999, -0) and pre-built deep values. */
class Raw {
  constructor(readonly text: string) {}
}
type Json = string | number | boolean | null | Raw | Json[] | { [key: string]: Json };
const raw = (text: string) => new Raw(text);

function toJson(value: Json): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Ids no worker has: the fuzz runs before any worker is started. */
const GHOST_IDS = ['ghost1', 'w99999', 'w-1', 'w0', '__proto__', 'constructor', 'prototype', 'toString', ' ', 'w1 ', 'W1', '\u0000'];
const PROTOTYPE_WORDS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const ODD_NUMBERS = ['1e999', '-1e999', '-0', '1e-400', '9007199254740993', '1.7976931348623157e309', '-0.0', '123456789012345678901234567890'];
/** Odd numbers that are no valid worker count. */
const INVALID_COUNTS = ['1e999', '-1e999', '-0', '1e-400', '9007199254740993', '1.7976931348623157e309', '-0.0', '4097', '0.5'];
/** Odd numbers that are no valid sample period, live-worker limit or semaphore value. */
const INVALID_SETTINGS = ['1e999', '-1e999', '9007199254740993', '1.7976931348623157e309', '0.5', '-1'];

export function createHostileFrames(seed: number): (serial: number) => HostileFrame {
  const random = new SeededRandom(seed);
  const wrongIds = (): Json => random.pick<Json>([[], [1], [null], 'ghost1', {}, [''], ['x'.repeat(65)], [['ghost1']], true, 0, raw('1e999')]);
  const wrongMs = (): Json => random.pick<Json>([-1, '10', null, [], {}, true, 86_400_001, raw('1e999'), raw('-1e999'), 'NaN', 'Infinity']);
  /** Never a command line that could run: not text, or blank. */
  const wrongCommandLine = (): Json => random.pick<Json>([1, null, true, [], {}, ['sleep 1'], raw('-0'), '', '   ']);
  const unknownKey = () => random.pick([...PROTOTYPE_WORDS, 'extra', '', random.text(8)]);
  const sleep = (): Json => ({ name: 'sleep', ms: 10 });
  const ghosts = (): Json => [random.pick(GHOST_IDS)];

  /** Each returns one command that the contract refuses. */
  const wrongCommands: Array<() => Json> = [
    () => ({ type: 'join', workerIds: wrongIds() }),
    () => ({ type: 'join', workerIds: ghosts(), timeoutMs: wrongMs() }),
    () => ({ type: 'terminate', workerIds: ghosts(), graceMs: wrongMs() }),
    () => ({ type: 'kill', workerIds: wrongIds() }),
    () => ({ type: 'kill' }),
    () => ({ type: 'signal', workerIds: ghosts(), signal: random.pick<Json>(['SIGFOO', 'sigterm', 15, null, ['SIGTERM'], '', 'SIGTERM ', {}]) }),
    () => ({ type: 'signal', workerIds: ghosts() }),
    () => ({ type: 'terminateTree', workerIds: wrongIds() }),
    () => ({ type: 'terminateAll', [unknownKey()]: random.text(5) }),
    () => ({ type: 'configure', config: { samplePeriodMs: random.pick<Json>([49, 10_001, 1.5, '500', null, [], raw('1e999')]) } }),
    () => ({ type: 'configure', config: { [unknownKey()]: 1 } }),
    () => ({ type: 'configure' }),
    () => ({ type: 'sync.create', primitive: { kind: random.pick<Json>(['lock', 'Mutex', 1, null, [], 'Lock ']), name: 'fuzz' } }),
    () => ({ type: 'sync.create', primitive: { kind: 'Lock', name: random.pick<Json>(['1abc', '', 'a b', 'x'.repeat(41), 1, null, 'a/b']) } }),
    () => ({ type: 'sync.create', primitive: { kind: 'Queue', name: 'fuzzq', maxsize: wrongMs() } }),
    () => ({ type: 'sync.operate', request: { op: random.pick<Json>(['acquire2', 1, null, '', 'ACQUIRE']), name: 'fuzz' } }),
    () => ({ type: 'sync.operate', request: { op: 'put', name: 'fuzz_none', item: random.pick<Json>([[], {}, 'x'.repeat(1001)]) } }),
    () => ({ type: 'start', spec: { kind: random.pick<Json>(['Thread', 'proc', 1, null, []]), count: 1, task: sleep() } }),
    () => ({ type: 'start', spec: { kind: 'thread', count: 1 } }),
    () => ({ type: 'start', spec: { kind: 'process', count: 1, task: sleep() } }),
    () => ({ type: 'start', spec: { kind: 'thread', count: 1, task: { name: random.pick<Json>(['nap', '', 1, null, [], {}]) } } }),
    () => ({ type: 'start', spec: { kind: 'thread', count: 1, task: { name: 'sleep', ms: wrongMs() } } }),
    () => ({ type: 'start', spec: { kind: 'thread', count: 1, task: { ...(sleep() as object), [unknownKey()]: 1 } } }),
    () => ({ type: 'start', spec: { kind: 'command', count: 1, command: wrongCommandLine() } }),
    () => ({ type: 'start', spec: { kind: 'thread', count: 1, task: { name: 'crash', signal: 'SIGKILL' } } }),
    () => ({ type: 'start', spec: { kind: 'process', method: 'spawn', count: 1, task: { name: 'produce', queue: 'q', n: 1, delayMs: 0 } } }),
    // Step mode: never a valid "on" (it would hold the fuzz's own workers), a release of nobody held, a replay of nothing.
    () => ({ type: 'sync.stepMode', on: random.pick<Json>(['yes', 1, null, [], {}, 'true']) }),
    () => ({ type: 'sync.release', workerId: random.pick<Json>([...GHOST_IDS, 1, null, [], '', 'x'.repeat(65)]) }),
    () => ({ type: 'sync.stepAgain', upTo: random.pick<Json>([wrongMs(), 0, 3]) }),
  ];

  const envelope = (id: string, command: Json): string => toJson({ type: 'command', id, command });
  const answeredAs = (frameClass: FrameClass, data: string, replyId: string): HostileFrame => ({ frameClass, data, binary: false, replyId });

  const nested = (depth: number, leaf: string, asObjects: boolean) =>
    raw(asObjects ? `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}` : `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`);

  const makers: Record<FrameClass, (id: string) => HostileFrame> = {
    'invalid JSON': () => {
      const valid = envelope('x1', { type: 'kill', workerIds: ['ghost1'] });
      const data = random.pick([
        random.text(40),
        valid.slice(0, 1 + random.int(valid.length - 1)),
        `${valid},`,
        "{'type':'command'}",
        'NaN',
        'undefined',
        '',
        '{"type":"command","id":"x",}',
        '\u0000',
        `${valid}${valid}`,
      ]);
      let isJson = true;
      try {
        JSON.parse(data);
      } catch {
        isJson = false;
      }
      // Random text is JSON now and then ("1", "[]"): then it is not an envelope, still answered without an id.
      return answeredAs(isJson ? 'not an envelope' : 'invalid JSON', data, '');
    },
    'not an envelope': (id) => {
      const shapes: Array<[Json, string]> = [
        [1, ''],
        [null, ''],
        [[envelope(id, { type: 'terminateAll' })], ''],
        [{ type: 'command' }, ''],
        [{ type: 'cmd', id, command: { type: 'terminateAll' } }, id],
        [{ type: 'command', id: 7, command: { type: 'terminateAll' } }, ''],
        [{ type: 'command', id: '', command: { type: 'terminateAll' } }, ''],
        [{ type: 'command', id: `${id}-${'x'.repeat(70)}`, command: { type: 'terminateAll' } }, `${id}-${'x'.repeat(70)}`.slice(0, 64)],
        [{ type: 'command', id, command: { type: 'terminateAll' }, extra: true }, id],
        [{ type: 'command', id }, id],
        ['{"type":"command"}', ''],
      ];
      const [shape, replyId] = random.pick(shapes);
      return answeredAs('not an envelope', toJson(shape), replyId);
    },
    'wrong types': (id) => answeredAs('wrong types', envelope(id, random.pick(wrongCommands)()), id),
    'huge values': (id) => {
      const big = 'x'.repeat(100_000 + random.int(100_000));
      const many = (n: number, item: (i: number) => Json) => Array.from({ length: n }, (_, i) => item(i));
      const keys = (n: number): Record<string, Json> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 0]));
      const command = random.pick<() => Json>([
        () => ({ type: big }),
        () => ({ type: 'signal', workerIds: ['ghost1'], signal: big }),
        () => ({ type: 'kill', workerIds: [big] }),
        () => ({ type: 'start', spec: { kind: 'thread', count: 1, task: { name: big } } }),
        () => ({ type: 'kill', workerIds: ['ghost1'], [big]: 1 }),
        () => ({ type: 'kill', workerIds: many(25_000, () => 1) }),
        () => ({ type: 'kill', workerIds: many(15_000, (i) => `g${i}`) }),
        () => ({ type: 'kill', workerIds: ['ghost1'], ...keys(random.pick([10_000, 22_000])) }),
      ])();
      if (random.int(8) === 0) {
        const longId = `${id}-${big}`;
        return answeredAs('huge values', toJson({ type: 'command', id: longId, command: { type: 'terminateAll' } }), longId.slice(0, 64));
      }
      return answeredAs('huge values', envelope(id, command), id);
    },
    'deep nesting': (id) => {
      const asObjects = random.int(3) === 0;
      // Just under the limit (the schema and its messages see it), just over, and far over (the 80 KB case).
      const depth = random.pick([20, 28, 33, 100, 1000, asObjects ? 30_000 : 40_000]);
      const deep = nested(depth, random.pick(['"x"', '1', 'null', '[]', '{}']), asObjects);
      const where = random.int(9);
      const commands: Json[] = [
        { type: deep },
        { type: 'signal', workerIds: ['ghost1'], signal: deep },
        { type: 'start', spec: { kind: 'thread', count: 1, task: { name: deep } } },
        { type: 'kill', workerIds: deep },
        { type: 'configure', config: deep },
        { type: 'sync.operate', request: { op: 'set', name: deep } },
        { type: 'kill', workerIds: ['ghost1'], extra: deep },
      ];
      if (where === 7) return answeredAs('deep nesting', toJson({ type: 'command', id: deep, command: { type: 'terminateAll' } }), '');
      if (where === 8) return answeredAs('deep nesting', toJson(nested(depth, envelope(id, { type: 'terminateAll' }), false)), '');
      return answeredAs('deep nesting', envelope(id, commands[where]!), id);
    },
    'NaN-like numbers': (id) => {
      const odd = raw(random.pick(ODD_NUMBERS));
      const badCount = raw(random.pick(INVALID_COUNTS));
      const badSetting = raw(random.pick(INVALID_SETTINGS));
      const command = random.pick<Json>([
        { type: 'join', workerIds: ghosts(), timeoutMs: odd },
        { type: 'terminate', workerIds: ghosts(), graceMs: odd },
        { type: 'start', spec: { kind: 'thread', count: badCount, task: { name: 'sleep', ms: odd } } },
        { type: 'start', spec: { kind: 'process', method: 'fork', count: badCount, task: { name: 'count', n: odd } } },
        { type: 'configure', config: { samplePeriodMs: badSetting } },
        { type: 'configure', config: { maxLiveWorkers: badSetting } },
        { type: 'sync.create', primitive: { kind: 'Semaphore', name: 'fuzz_sem', value: badSetting } },
        { type: 'sync.operate', request: { op: 'acquire', name: 'fuzz_none', timeout: odd } },
        { type: 'sync.operate', request: { op: 'value_set', name: 'fuzz_none', value: odd } },
        { type: odd },
      ]);
      return answeredAs('NaN-like numbers', envelope(id, command), id);
    },
    'unknown commands and ids': (id) => {
      const command = random.pick<Json>([
        { type: random.pick(['launch', 'START', '', 'terminate all', 'sync', 'sync.delete', 'exec', random.text(10), ...PROTOTYPE_WORDS]) },
        { type: random.pick(['kill', 'terminate', 'terminateTree', 'join']), workerIds: [random.pick(GHOST_IDS), random.pick(GHOST_IDS)] },
        { type: 'signal', workerIds: ghosts(), signal: random.pick(['SIGTERM', 'SIGKILL', 'SIGSTOP']) },
        { type: 'sync.operate', request: { op: random.pick(['set', 'acquire', 'get', 'release', 'qsize', 'value_get']), name: random.pick(['nothing_here', 'constructor', 'toString', 'prototype', '__proto__', 'hasOwnProperty']) } },
      ]);
      return answeredAs('unknown commands and ids', envelope(id, command), id);
    },
    'prototype keys': (id) => {
      const word = random.pick(PROTOTYPE_WORDS.slice(0, 3));
      const poison: Json = random.pick<Json>([{ type: 'terminateAll' }, { polluted: true }, null, [], 'x']);
      const command = random.pick<Json>([
        { [word]: poison },
        { type: 'terminateAll', [word]: poison },
        { type: 'kill', workerIds: ['ghost1'], [word]: poison },
        { type: 'configure', config: { [word]: { samplePeriodMs: 50 } } },
        { type: 'start', spec: { [word]: { kind: 'thread', count: 1, task: sleep() } } },
        { type: 'start', spec: { kind: 'thread', count: 1, task: { name: 'sleep', ms: 10, [word]: poison } } },
        { type: 'sync.create', primitive: { kind: 'Lock', name: 'fuzz_lock', [word]: poison } },
        { type: 'sync.operate', request: { op: 'set', name: 'fuzz_none', [word]: poison } },
        { type: word },
        { type: 'start', spec: { kind: 'thread', count: 1, task: { name: word } } },
        { type: 'signal', workerIds: ['ghost1'], signal: word },
        { type: 'sync.create', primitive: { kind: word, name: 'fuzz_proto' } },
      ]);
      if (random.int(6) === 0) return answeredAs('prototype keys', toJson({ [word]: { type: 'command' }, type: 'command', id, command }), id);
      return answeredAs('prototype keys', envelope(id, command), id);
    },
    'absurd but well-shaped': (id) => {
      const manyGhosts = Array.from({ length: 4096 }, (_, i) => `ghost${i}`);
      const command = random.pick<Json>([
        { type: 'start', spec: { kind: 'thread', count: 1e9, task: sleep() } },
        // One more than the lab's live-worker limit (256 by default; the fuzz changes no setting): refused whole.
        { type: 'start', spec: { kind: 'process', method: 'fork', count: 257, task: sleep() } },
        { type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'count', n: 1e12 } } },
        { type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'spawn-children', n: 1e6, kind: 'process', task: sleep() } } },
        { type: 'start', spec: { kind: 'command', count: 1, command: 'x'.repeat(5000) } },
        { type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'script', path: 'relative.js' } } },
        { type: 'start', spec: { kind: 'thread', count: 1, task: { name: 'sleep', ms: 1e12 } } },
        { type: random.pick(['join', 'kill', 'terminate', 'terminateTree']), workerIds: manyGhosts },
        { type: 'join', workerIds: [...manyGhosts, 'ghost4096'] },
        { type: 'signal', workerIds: manyGhosts, signal: 'SIGKILL' },
        { type: 'join', workerIds: ['ghost1'], timeoutMs: 86_400_001 },
        { type: 'sync.create', primitive: { kind: 'Array', name: 'fuzz_array', length: 1e9 } },
        { type: 'sync.create', primitive: { kind: 'Barrier', name: 'fuzz_barrier', parties: 1e6 } },
        { type: 'sync.create', primitive: { kind: 'Queue', name: 'fuzz_queue', maxsize: 1e12 } },
        { type: 'sync.operate', request: { op: 'release', name: 'fuzz_none', n: 1e9 } },
        { type: 'configure', config: { maxLiveWorkers: 1e9 } },
      ]);
      return answeredAs('absurd but well-shaped', envelope(id, command), id);
    },
    binary: (id) => {
      const bytes = random.int(2) === 0 ? Buffer.from(envelope(id, { type: 'terminateAll' })) : Buffer.from(Array.from({ length: 1 + random.int(64) }, () => random.int(256)));
      return { frameClass: 'binary', data: bytes, binary: true, replyId: '' };
    },
  };

  return (serial) => makers[random.weighted(WEIGHTS)](`f${serial}`);
}

/** Frames that the WebSocket layer itself refuses by closing the connection, with the close code expected. */
export function connectionClosingFrames(): Array<{ what: string; data: string | Buffer; binary: boolean; closeCode: number }> {
  const overLimit = 256 * 1024 + 1;
  return [
    { what: 'a text frame over the 256 KB limit', data: `{"type":"command","id":"big","command":${JSON.stringify('x'.repeat(overLimit))}}`, binary: false, closeCode: 1009 },
    { what: 'a 4 MB text frame', data: 'y'.repeat(4 * 1024 * 1024), binary: false, closeCode: 1009 },
    { what: 'a binary frame over the limit', data: Buffer.alloc(overLimit, 7), binary: true, closeCode: 1009 },
    { what: 'a text frame that is not UTF-8', data: Buffer.from([0x7b, 0xc0, 0xae, 0xff, 0x7d]), binary: false, closeCode: 1007 },
  ];
}
