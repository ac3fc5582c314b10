import type { SyncFact } from '../../src/shared/facts';
import { OUTPUT_TAIL_CHARS, OUTPUT_TOTAL_CHARS, OUTPUT_CHUNK_MAX_CHARS } from '../../src/shared/output';
import type { PageHistory } from '../../src/shared/page-history';
import type { LabEvent } from '../../src/shared/protocol';
import { reduceAll } from '../../src/shared/reducer';
import { descriptor, eventStream, HOST_PID, labStarted } from '../unit/shared/event-factory';

/** Facts a tail holds at most: a keyframe interval (50,000) and a fast-path batch (32,768) not split by it. */
const TAIL_FACTS = 87_000;
const FACTS_PER_EVENT = 1_000;

/**
 * The largest history a page can be sent (issue 8, page-history.ts): a keyframe whose workers' output tails
 * hold the lab's whole OUTPUT_TOTAL_CHARS (lines with quotes and colour codes, which JSON escapes), then a
 * tail of TAIL_FACTS lock facts in events of 1,000. Folded by the page's own reducer, so it is a state a lab
 * can reach, not a hand-made object.
 */
export function worstHistory(): PageHistory {
  const s = eventStream();
  const events: LabEvent[] = [s.event(labStarted())];
  const workers = Math.ceil(OUTPUT_TOTAL_CHARS / (2 * OUTPUT_TAIL_CHARS)) + 2;
  const line = (n: number) => `line ${n}: "result" = \u001b[32m${n * 7}\u001b[0m\n`;
  for (let w = 0; w < workers; w++) {
    const id = `w${w}`;
    events.push(s.event({ type: 'worker.starting', worker: descriptor(id, { name: `printer-${w}`, kind: 'thread', method: 'thread' }) }));
    events.push(s.event({ type: 'worker.ready', workerId: id, pid: HOST_PID, ppid: 1, tid: 1000 + w, latencyMs: 10 }));
    for (const stream of ['stdout', 'stderr'] as const) {
      let from = 0;
      while (from < OUTPUT_TAIL_CHARS) {
        let text = '';
        // Up to the tail's limit and not past it: past it, a tail is cut 16 Ki below the limit (output.ts).
        const room = Math.min(OUTPUT_CHUNK_MAX_CHARS, OUTPUT_TAIL_CHARS - from) - 64;
        if (room <= 0) break;
        for (let n = from; text.length < room; n++) text += line(n);
        events.push(s.event({ type: 'worker.output', workerId: id, stream, from, to: from + text.length, text }));
        from += text.length;
      }
    }
  }
  events.push(s.event({ type: 'sync.created', primitive: { kind: 'Lock', name: 'lockA' } }));
  const state = reduceAll(events);
  const tail: LabEvent[] = [];
  let t = state.now;
  for (let made = 0; made < TAIL_FACTS; made += FACTS_PER_EVENT) {
    const facts: SyncFact[] = [];
    for (let i = 0; i < FACTS_PER_EVENT; i += 2) {
      t += 0.01;
      facts.push({ op: 'lock.acquired', actor: 'w0', primitive: 'lockA', count: 1, t }, { op: 'lock.released', actor: 'w0', primitive: 'lockA', count: 0, t });
    }
    tail.push({ ...s.event({ type: 'sync.facts', facts }), t } as LabEvent);
  }
  return { type: 'history', keyframe: { seq: events.length, t: state.now, state }, events: tail };
}
