import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectionClosingFrames, createHostileFrames, FRAME_CLASSES, type FrameClass, type HostileFrame } from '../../support/hostile-frames';
import { isRunning } from '../../support/procfs';
import { ServerProcess } from '../../support/server-process';
import { waitFor } from '../../support/wait';

/**
 * Thousands of hostile frames against a real browser-mode host, from a seeded PRNG: the host must answer
 * every one with ok:false and a sentence, never die, and still start and end real workers afterwards.
 * LAB_FUZZ_FRAMES=100000 runs a longer fuzz; LAB_FUZZ_SEED=N replays a run (the seed is printed).
 */
const FRAMES = Number(process.env.LAB_FUZZ_FRAMES ?? 5000);
const SEED = Number(process.env.LAB_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const BATCH = 100;

interface Reply {
  readonly type: 'reply';
  readonly id: string;
  readonly ok: boolean;
  readonly error?: unknown;
}

let server: ServerProcess;
beforeAll(async () => {
  server = await ServerProcess.start();
});
afterAll(async () => server?.stop());

function openSocket(): Promise<WebSocket> {
  const socket = new WebSocket(server.socketUrl(), { origin: server.origin });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** What a person can read: one line, short, no stack trace, no raw exception name. */
function notAClearRefusal(reply: Reply | undefined): string | null {
  if (reply === undefined) return 'no reply';
  if (reply.ok !== false) return `ok is ${String(reply.ok)}`;
  const error = reply.error;
  if (typeof error !== 'string' || error.length === 0) return 'no error text';
  if (error.length > 600) return `an error of ${error.length} characters`;
  if (/\n|\bat \S+:\d+:\d+|RangeError|TypeError|SyntaxError|Maximum call stack/.test(error)) return `a stack trace or exception: ${error.slice(0, 200)}`;
  return null;
}

const describeFrame = (frame: HostileFrame) =>
  `${frame.frameClass}${frame.binary ? ' (binary)' : ''}: ${frame.data.toString().slice(0, 160)}${frame.data.length > 160 ? `… (${frame.data.length} bytes)` : ''}`;

describe(`hostile frames (seed ${SEED}, ${FRAMES} frames)`, () => {
  it('answers every frame with ok:false and a sentence, and the host stays up', async () => {
    const socket = await openSocket();
    const byId = new Map<string, Reply>();
    const anonymous: Reply[] = [];
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type !== 'reply') return;
      const reply = message as Reply;
      if (reply.id === '') anonymous.push(reply);
      else byId.set(reply.id, reply);
    });
    const counts = Object.fromEntries(FRAME_CLASSES.map((name) => [name, { sent: 0, answered: 0 }])) as Record<FrameClass, { sent: number; answered: number }>;
    const make = createHostileFrames(SEED);
    const problems: string[] = [];
    let expectedAnonymous = 0;
    const anonymousClasses: FrameClass[] = [];
    const started = Date.now();

    for (let serial = 0; serial < FRAMES; ) {
      const batch: HostileFrame[] = [];
      for (; batch.length < BATCH && serial < FRAMES; serial++) {
        const frame = make(serial);
        batch.push(frame);
        counts[frame.frameClass].sent += 1;
        if (frame.replyId === '') {
          expectedAnonymous += 1;
          anonymousClasses.push(frame.frameClass);
        }
        socket.send(frame.data, { binary: frame.binary });
      }
      const named = batch.filter((frame) => frame.replyId !== '');
      await waitFor(
        `replies to frames ${serial - batch.length}..${serial - 1} (seed ${SEED}); missing: ${named
          .filter((frame) => !byId.has(frame.replyId))
          .slice(0, 3)
          .map(describeFrame)
          .join(' | ')}`,
        () => {
          if (server.child.exitCode !== null || server.child.signalCode !== null) {
            throw new Error(`the host exited during frames ${serial - batch.length}..${serial - 1} (seed ${SEED}); stderr: ${server.stderr.slice(-2000)}`);
          }
          return named.every((frame) => byId.has(frame.replyId)) && anonymous.length >= expectedAnonymous;
        },
        30_000,
        5,
      );
      for (const frame of named) {
        const problem = notAClearRefusal(byId.get(frame.replyId));
        if (problem === null) counts[frame.frameClass].answered += 1;
        else problems.push(`${problem} for ${describeFrame(frame)}`);
      }
    }
    for (const [index, reply] of anonymous.entries()) {
      const problem = notAClearRefusal(reply);
      if (problem === null) counts[anonymousClasses[index]!].answered += 1;
      else problems.push(`${problem} for a frame answered without an id`);
    }

    const seconds = (Date.now() - started) / 1000;
    console.log(
      [
        `fuzz: seed ${SEED}, ${FRAMES} frames in ${seconds.toFixed(1)} s (${Math.round(FRAMES / seconds)} a second)`,
        ...FRAME_CLASSES.map((name) => `  ${name.padEnd(26)} sent ${String(counts[name].sent).padStart(6)}  answered ok:false ${String(counts[name].answered).padStart(6)}`),
      ].join('\n'),
    );
    expect(problems.slice(0, 10), `seed ${SEED}`).toEqual([]);
    expect(anonymous.length, `replies without an id (seed ${SEED})`).toBe(expectedAnonymous);
    expect(FRAME_CLASSES.reduce((sum, name) => sum + counts[name].answered, 0)).toBe(FRAMES);
    socket.close();
  });

  it('closes a connection on frames the WebSocket layer refuses, and serves the next one', async () => {
    for (const frame of connectionClosingFrames()) {
      const socket = await openSocket();
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      socket.on('error', () => undefined);
      socket.send(frame.data, { binary: frame.binary });
      expect(await closed, frame.what).toBe(frame.closeCode);
      expect(server.child.exitCode).toBeNull();
    }
    console.log(`fuzz: ${connectionClosingFrames().length} frames refused by closing the connection (over 256 KB: 1009; not UTF-8: 1007)`);
  });

  it('still starts and ends real workers afterwards, and logged no unexpected error', async () => {
    const [processId] = await server.start({ kind: 'process', method: 'fork', task: { name: 'sleep', ms: 60_000 } });
    const [threadId] = await server.start({ kind: 'thread', task: { name: 'sleep', ms: 60_000 } });
    const ready = await server.ready(processId!);
    await server.ready(threadId!);
    expect(isRunning(ready.pid)).toBe(true);
    const outcome = await server.execute({ type: 'kill', workerIds: [processId, threadId] });
    expect(outcome.ok).toBe(true);
    const exits = await waitFor('both workers exited', () => {
      const exited = server.events.filter((event) => event.type === 'worker.exited' && (event.workerId === processId || event.workerId === threadId));
      return exited.length === 2 ? exited : undefined;
    });
    expect(exits.map((event) => event.type === 'worker.exited' && event.workerId === processId && event.exitCode).filter((code) => code !== false)).toEqual([-9]);
    await waitFor(`pid ${ready.pid} gone`, () => !isRunning(ready.pid));
    expect(server.stderr).not.toMatch(/unexpected error|could not be handled|command failed/);
  });
});
