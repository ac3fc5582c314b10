import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../../src/shared/protocol';
import { MAX_QUEUE_BATCH_OPS } from '../../../src/shared/queue-batch';
import { checkQueueBatchAtAGlance } from '../../../src/shared/queue-batch-check';
import { parseWorkerMessage, workerMessageSchema } from '../../../src/shared/worker-messages';

const AT = 1_764_640_000_123.456;
const batch = (ops: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'queueBatch', name: 'q1', ops, ...extra });
const typical = () =>
  batch([
    { op: 'put', item: 7, at: AT },
    { op: 'put', item: 'text', at: AT + 0.01 },
    { op: 'put', item: [1, 'a', null, true, 2.5], at: AT + 0.02 },
    { op: 'put', item: null, at: AT + 0.03 },
    { op: 'get', at: AT + 0.04 },
    { op: 'task_done', at: AT + 0.05 },
  ]);

/** The check's promise: what it takes, the schema takes and gives the same. */
function expectSameAsSchema(raw: unknown): void {
  const quick = checkQueueBatchAtAGlance(raw);
  const schema = workerMessageSchema.safeParse(raw);
  if (quick !== null) {
    expect(schema.success).toBe(true);
    expect(quick).toEqual(schema.data);
  }
  const parsed = parseWorkerMessage(raw);
  if (schema.success) expect(parsed).toEqual({ ok: true, message: schema.data });
  else expect(parsed).toEqual({ ok: false, reason: describeIssues(schema.error) });
}

describe('a queue batch checked at a glance (the host checks each batching process op by op)', () => {
  it('takes what a worker batches (scalars, flat lists, gets, task_dones) as the schema does', () => {
    for (const raw of [typical(), batch([]), batch(Array.from({ length: MAX_QUEUE_BATCH_OPS }, (_, i) => ({ op: 'put', item: i, at: AT })))]) {
      expect(checkQueueBatchAtAGlance(raw)).not.toBeNull();
      expectSameAsSchema(raw);
    }
  });

  it('refuses a hostile batch in the schema\'s words, as before', () => {
    const hostile: unknown[] = [
      batch([{ op: 'put', item: 1, at: AT, extra: 1 }]),
      batch([{ op: 'put', at: AT }]),
      batch([{ op: 'get' }]),
      batch([{ op: 'get', at: -1 }]),
      batch([{ op: 'get', at: Number.NaN }]),
      batch([{ op: 'get', at: Number.POSITIVE_INFINITY }]),
      batch([{ op: 'get', at: Number.MAX_SAFE_INTEGER + 2 }]),
      batch([{ op: 'get', at: '1' }]),
      batch([{ op: 'steal', at: AT }]),
      batch([{ op: 'put', item: Number.NaN, at: AT }]),
      batch([{ op: 'put', item: [Number.POSITIVE_INFINITY], at: AT }]),
      batch([{ op: 'put', item: JSON.parse('{"__proto__": 1}') as unknown, at: AT }]),
      batch([null]),
      batch([[{ op: 'get', at: AT }]]),
      batch(Array.from({ length: MAX_QUEUE_BATCH_OPS + 1 }, () => ({ op: 'get', at: AT }))),
      batch([], { name: '1bad name' }),
      batch([], { name: 7 }),
      batch([], { extra: true }),
      { type: 'queueBatch', name: 'q1' },
      { type: 'queueBatch', name: 'q1', ops: { 0: { op: 'get', at: AT } } },
    ];
    for (const raw of hostile) {
      expect(checkQueueBatchAtAGlance(raw)).toBeNull();
      const parsed = parseWorkerMessage(raw);
      expect(parsed.ok).toBe(false);
      expectSameAsSchema(raw);
    }
  });

  it('leaves items it does not batch (dicts, nested lists) to the schema, which takes them', () => {
    for (const item of [{ a: 1 }, [[1, 2]], [{ b: 'c' }]]) {
      const raw = batch([{ op: 'put', item, at: AT }]);
      expect(checkQueueBatchAtAGlance(raw)).toBeNull();
      expect(parseWorkerMessage(raw).ok).toBe(true);
      expectSameAsSchema(raw);
    }
  });

  it('never takes what the schema refuses, over many small mutations of a batch', () => {
    // A fixed walk (no randomness): each op of the typical batch with each key dropped, replaced by odd values, or one key added.
    const odd: unknown[] = [undefined, null, -0.5, 0, 2 ** 53, Number.NaN, '', 'put', 'get', [], {}, [[]], true];
    let seen = 0;
    const base = typical();
    for (let index = 0; index < base.ops.length; index += 1) {
      const op = base.ops[index] as Record<string, unknown>;
      for (const key of [...Object.keys(op), 'extra']) {
        const without = Object.fromEntries(Object.entries(op).filter(([name]) => name !== key));
        const variants = [without, ...odd.map((value) => ({ ...op, [key]: value }))];
        for (const variant of variants) {
          const ops = [...base.ops];
          ops[index] = variant;
          expectSameAsSchema(batch(ops));
          seen += 1;
        }
      }
    }
    expect(seen).toBeGreaterThan(200);
  });
});
