import { join } from 'node:path';
import { chromium, type WebSocketRoute } from '@playwright/test';
import { DEFAULT_CONFIG } from '../src/shared/config';
import { timeoutArg, type SyncFact } from '../src/shared/facts';
import type { LabEvent, LabEventBody } from '../src/shared/protocol';
import { LINUX_SIGNAL_NUMBERS } from '../src/shared/signals';
import { ServerProcess } from '../test/support/server-process';
import type { Figure } from './figure';
import { FRAME_GAPS_INSTRUMENT, frameGaps } from './frame-gaps';
import { runSection } from './section';
import { summarize } from './stats';

/**
 * The timeline's canvas under load (issue 8: "500 lanes and 100 segments each visible, while facts
 * stream in: p95 <= 16.7 ms"), in Debian's Chromium at 1280x720. No lab could run 500 workers changing
 * state 3 times a second on this machine while a browser draws them, so the page's WebSocket is routed
 * (Playwright's routeWebSocket) to this process, which speaks the lab's protocol: a history of 500 thread
 * workers with the last 30 s of event waits and wakes (100 segments per lane in the timeline's window),
 * then ~1,700 facts/s streamed in batches every 50 ms, each lane changing state every 300 ms. The page,
 * its validation, store, history and canvas are the real ones (the build served by the real server).
 * Frame time = gaps between requestAnimationFrame callbacks, p95; idle = the same page before the load.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LANES = 500;
const SEGMENTS_VISIBLE = 100;
const WINDOW_MS = 30_000;
const CHANGE_EVERY_MS = WINDOW_MS / SEGMENTS_VISIBLE;
const BATCH_EVERY_MS = 50;
const MEASURE_SECONDS = 20;
const IDLE_SECONDS = 5;
const HOST_PID = 4242;
/** Where the e2e screenshots go: the bench saves what it drew, to be looked at. */
const SCREENSHOTS = join(__dirname, '..', 'test-results', 'screenshots');


/** Numbers the events as the lab does. */
function stamper() {
  let seq = 0;
  return (t: number, body: LabEventBody): LabEvent => ({ ...body, seq: ++seq, t }) as LabEvent;
}

const workerId = (lane: number) => `w${lane}`;

/** Lane `lane`'s fact at its `step`-th change: alternately parked on an event and woken (waiting / running). */
function change(lane: number, step: number, t: number): SyncFact {
  const actor = workerId(lane);
  return step % 2 === 0 ? { op: 'event.wait', actor, primitive: 'go', t, timeoutMs: timeoutArg(null) } : { op: 'event.woken', actor, primitive: 'go', t };
}

/** The facts between `from` and `to`: each lane changes every CHANGE_EVERY_MS, lanes staggered. */
function factsBetween(from: number, to: number, origin: number): SyncFact[] {
  const facts: SyncFact[] = [];
  for (let lane = 0; lane < LANES; lane++) {
    const offset = (lane / LANES) * CHANGE_EVERY_MS;
    const first = Math.ceil((from - origin - offset) / CHANGE_EVERY_MS);
    for (let step = Math.max(0, first); origin + offset + step * CHANGE_EVERY_MS < to; step++) facts.push(change(lane, step, Math.round(origin + offset + step * CHANGE_EVERY_MS)));
  }
  return facts.sort((a, b) => a.t - b.t);
}

function factEvents(stamp: ReturnType<typeof stamper>, facts: readonly SyncFact[]): LabEvent[] {
  const events: LabEvent[] = [];
  for (let from = 0; from < facts.length; from += 1000) {
    const batch = facts.slice(from, from + 1000);
    events.push(stamp(batch.at(-1)!.t, { type: 'sync.facts', facts: batch }));
  }
  return events;
}

function history(stamp: ReturnType<typeof stamper>, origin: number, now: number): LabEvent[] {
  const events: LabEvent[] = [
    stamp(origin, { type: 'lab.started', hostPid: HOST_PID, hostPpid: 1, platform: 'linux', cores: 2, config: DEFAULT_CONFIG, signalNumbers: LINUX_SIGNAL_NUMBERS }),
    stamp(origin, { type: 'sync.created', primitive: { kind: 'Event', name: 'go' } }),
  ];
  for (let lane = 0; lane < LANES; lane++) {
    const id = workerId(lane);
    events.push(
      stamp(origin, { type: 'worker.starting', worker: { id, name: `waiter-${lane + 1}`, groupId: 'g1', kind: 'thread', method: 'thread', command: null, task: { name: 'sleep', ms: 600_000 }, daemon: false, detached: false, ipc: true } }),
      stamp(origin, { type: 'worker.ready', workerId: id, pid: HOST_PID, ppid: 1, tid: 10_000 + lane, latencyMs: 20 }),
    );
  }
  return [...events, ...factEvents(stamp, factsBetween(origin, now, origin))];
}


export async function runTimelineBench(): Promise<Record<string, Figure>> {
  const server = await ServerProcess.start();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  let streaming: ReturnType<typeof setInterval> | null = null;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    let socket: WebSocketRoute | null = null;
    await page.routeWebSocket(/\/ws/, (route) => {
      socket = route;
    });
    await page.goto(server.url);
    const connected = async () => {
      for (let waited = 0; socket === null; waited += 20) {
        if (waited > 20_000) throw new Error('the page did not open its WebSocket within 20 s');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await page.evaluate(FRAME_GAPS_INSTRUMENT);
    const stamp = stamper();
    const origin = Date.now() - WINDOW_MS - 1_000;
    const send = (events: readonly LabEvent[]) => socket?.send(JSON.stringify({ type: 'events', events }));
    await page.waitForFunction(() => document.querySelector('section[aria-label="Timeline"]') !== null);
    await connected();
    // Idle: the page connected to a lab that has only started.
    send([stamp(origin, { type: 'lab.started', hostPid: HOST_PID, hostPpid: 1, platform: 'linux', cores: 2, config: DEFAULT_CONFIG, signalNumbers: LINUX_SIGNAL_NUMBERS })]);
    const idle = await frameGaps(page, IDLE_SECONDS);

    // Reconnect-style: a fresh history (the store starts again from a history batch after 'connected').
    socket = null;
    await page.reload();
    await page.evaluate(FRAME_GAPS_INSTRUMENT);
    await connected();
    let last = Date.now();
    send(history(stamp, origin, last));
    await page.getByRole('img', { name: /Timeline lanes: 500 workers/ }).waitFor();
    let sent = 0;
    streaming = setInterval(() => {
      const now = Date.now();
      const facts = factsBetween(last, now, origin);
      last = now;
      sent += facts.length;
      if (facts.length > 0) send(factEvents(stamp, facts));
    }, BATCH_EVERY_MS);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    sent = 0;
    const started = Date.now();
    const loaded = await frameGaps(page, MEASURE_SECONDS);
    const rate = sent / ((Date.now() - started) / 1000);
    const rowsInView = () => page.evaluate(() => Math.floor(((document.querySelector('.timeline-canvas')?.getBoundingClientRect().height ?? 0) - 22) / 16));
    const visibleRows = await rowsInView();
    await page.screenshot({ path: join(SCREENSHOTS, 'timeline-bench.png') });
    // The same load with the bottom row stretched to 600 px (about 25 more rows): more segments per frame.
    // (Through the CSSOM: the page's CSP refuses inline style sheets.)
    await page.evaluate(() => document.querySelector<HTMLElement>('.workspace')?.style.setProperty('grid-template-rows', 'minmax(0, 1fr) 600px'));
    const tall = await frameGaps(page, MEASURE_SECONDS);
    const tallRows = await rowsInView();
    await page.screenshot({ path: join(SCREENSHOTS, 'timeline-bench-tall.png') });
    const how = `${LANES} lanes (about ${visibleRows} rows in view at 1280x720), ${SEGMENTS_VISIBLE} segments each in the ${WINDOW_MS / 1000} s window, ${rate.toFixed(0)} facts/s streamed through a routed WebSocket; Chromium ${browser.version()}`;
    const figures: Record<string, Figure> = {
      'timeline.idle.frame_p95_ms': { what: 'page frame time, lab started, nothing streaming, p95 (ms)', unit: 'ms', value: summarize(idle, 0.95), pairs: idle.length, seconds: IDLE_SECONDS, stoppedBy: 'counted', how: `${idle.length} frames` },
      'timeline.frame_p95_ms': { what: 'page frame time with the timeline following live under load, Processes view, p95 (ms)', unit: 'ms', value: summarize(loaded, 0.95), pairs: loaded.length, seconds: MEASURE_SECONDS, stoppedBy: 'counted', how: `${loaded.length} frames over ${MEASURE_SECONDS} s (${(loaded.length / MEASURE_SECONDS).toFixed(1)} fps); ${how}` },
      'timeline.tall.frame_p95_ms': { what: 'the same, the bottom row stretched to 600 px (more rows drawn), p95 (ms)', unit: 'ms', value: summarize(tall, 0.95), pairs: tall.length, seconds: MEASURE_SECONDS, stoppedBy: 'counted', how: `${tall.length} frames over ${MEASURE_SECONDS} s; about ${tallRows} rows (${tallRows * SEGMENTS_VISIBLE} segments) in view` },
    };
    for (const [key, figure] of Object.entries(figures)) console.log(`  ${key}: ${figure.value.value.toFixed(1)} ${figure.unit} (${figure.how ?? figure.what})`);
    return figures;
  } finally {
    if (streaming !== null) clearInterval(streaming);
    await browser.close();
    await server.stop();
  }
}

if (require.main === module) runSection(runTimelineBench);
