import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../../src/shared/protocol';
import { PerfettoTraceWriter } from '../../../../src/shared/trace/perfetto-trace';
import { MACHINE_PID } from '../../../../src/shared/trace/trace-identities';

/**
 * The Perfetto writer on small hand-made runs, for the cases a real run rarely shows (docs/export.md): each
 * case is the trace a person would open in ui.perfetto.dev, parsed back and read as Perfetto reads it.
 */
const T0 = 1_700_000_000_000;
const HOST = 100;

/** A run's events, written out; `t` is ms after T0. */
function traceText(events: readonly (Record<string, unknown> & { type: string; t: number })[]): string {
  let text = '';
  const writer = new PerfettoTraceWriter((chunk) => (text += chunk));
  events.forEach((event, seq) => writer.add({ ...event, seq, t: T0 + event.t } as unknown as LabEvent));
  writer.end();
  return text;
}

describe('Perfetto export of hand-made runs', () => {
  it('writes a CPU sample with no cores as valid JSON with only its total', () => {
    const text = traceText([{ type: 'lab.started', t: 0, hostPid: HOST }, { type: 'metrics.cpu', t: 1, cores: [], total: 5 }]);
    const events = (JSON.parse(text) as { traceEvents: { ph: string; pid: number; args?: Record<string, unknown> }[] }).traceEvents;
    expect(events.find((event) => event.ph === 'C' && event.pid === MACHINE_PID)?.args).toEqual({ total: 5 });
  });

  it('writes only keys Perfetto reads at the top: no displayTimeUnit, the source in metadata', () => {
    const trace = JSON.parse(traceText([{ type: 'lab.started', t: 0, hostPid: HOST }])) as Record<string, unknown>;
    expect(Object.keys(trace).sort()).toEqual(['metadata', 'traceEvents']);
    expect(trace.metadata).toEqual({ source: 'Concurrency Lab' });
  });
});
