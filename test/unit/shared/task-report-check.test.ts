import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../../src/shared/protocol';
import { checkTaskReportAtAGlance } from '../../../src/shared/task-report-check';
import { MAX_REPORTS_PER_MESSAGE } from '../../../src/shared/task-wire';
import { parseWorkerMessage, workerMessageSchema } from '../../../src/shared/worker-messages';

const reports = (list: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'task.reports', reports: list, ...extra });
/** A pool worker's turn: a task's value, the next task's start, a chunk's part, a cancel. */
const typical = () =>
  reports([
    { type: 'task.result', taskId: 1, value: 49 },
    { type: 'task.started', taskId: 2 },
    { type: 'task.resultPart', taskId: 2, values: [1, 4, 9] },
    { type: 'task.result', taskId: 2, value: [16, { nested: ['any', null] }] },
    { type: 'task.cancelled', taskId: 3 },
  ]);

/** The check's promise: what it takes, the schema takes and gives the same. */
function expectSameAsSchema(raw: unknown): void {
  const quick = checkTaskReportAtAGlance(raw);
  const schema = workerMessageSchema.safeParse(raw);
  if (quick !== null) {
    expect(schema.success).toBe(true);
    expect(quick).toEqual(schema.data);
  }
  const parsed = parseWorkerMessage(raw);
  if (schema.success) expect(parsed).toEqual({ ok: true, message: schema.data });
  else expect(parsed).toEqual({ ok: false, reason: describeIssues(schema.error) });
}

describe("a pool worker's reports checked at a glance (the host checks every task's start and end)", () => {
  it('takes the reports of a turn, and each alone, as the schema does', () => {
    const many = reports(Array.from({ length: MAX_REPORTS_PER_MESSAGE }, (_, taskId) => ({ type: 'task.started', taskId })));
    const alone = typical().reports;
    for (const raw of [typical(), reports([]), many, ...alone]) {
      expect(checkTaskReportAtAGlance(raw)).not.toBeNull();
      expectSameAsSchema(raw);
    }
  });

  it("refuses a hostile report in the schema's words, as before", () => {
    const hostile: unknown[] = [
      { type: 'task.started', taskId: -1 },
      { type: 'task.started', taskId: 1.5 },
      { type: 'task.started', taskId: Number.NaN },
      { type: 'task.started', taskId: Number.MAX_SAFE_INTEGER + 2 },
      { type: 'task.started', taskId: '1' },
      { type: 'task.started' },
      { type: 'task.started', taskId: 1, extra: true },
      { type: 'task.resultPart', taskId: 1, values: { 0: 1 } },
      { type: 'task.resultPart', taskId: 1 },
      { type: 'task.steal', taskId: 1 },
      reports([{ type: 'task.started', taskId: 1 }, null]),
      reports([[{ type: 'task.started', taskId: 1 }]]),
      reports([reports([])]),
      reports([{ type: 'task.serving' }]),
      reports(Array.from({ length: MAX_REPORTS_PER_MESSAGE + 1 }, () => ({ type: 'task.started', taskId: 1 }))),
      reports([], { extra: true }),
      { type: 'task.reports' },
      { type: 'task.reports', reports: { 0: { type: 'task.started', taskId: 1 } } },
    ];
    for (const raw of hostile) {
      expect(checkTaskReportAtAGlance(raw)).toBeNull();
      expect(parseWorkerMessage(raw).ok).toBe(false);
      expectSameAsSchema(raw);
    }
  });

  it('leaves an error report, and a batch with one, to the schema, which takes it', () => {
    const error = { type: 'task.error', taskId: 4, error: { type: 'ValueError', message: 'bad' } };
    for (const raw of [error, reports([{ type: 'task.started', taskId: 4 }, error])]) {
      expect(checkTaskReportAtAGlance(raw)).toBeNull();
      expect(parseWorkerMessage(raw).ok).toBe(true);
      expectSameAsSchema(raw);
    }
  });

  it('never takes what the schema refuses, over many small mutations of a batch', () => {
    // A fixed walk (no randomness): each report of the typical batch with each key dropped, replaced by odd values, or one key added.
    const odd: unknown[] = [undefined, null, -0.5, 0, 2 ** 53, Number.NaN, '', 'task.started', 'task.result', [], {}, [[]], true];
    let seen = 0;
    const base = typical();
    for (let index = 0; index < base.reports.length; index += 1) {
      const report = base.reports[index] as Record<string, unknown>;
      for (const key of [...Object.keys(report), 'extra']) {
        const without = Object.fromEntries(Object.entries(report).filter(([name]) => name !== key));
        for (const variant of [without, ...odd.map((value) => ({ ...report, [key]: value }))]) {
          const list = [...base.reports];
          list[index] = variant;
          expectSameAsSchema(reports(list));
          expectSameAsSchema(variant);
          seen += 1;
        }
      }
    }
    expect(seen).toBeGreaterThan(150);
  });
});
