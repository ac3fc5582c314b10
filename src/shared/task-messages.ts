import { z } from 'zod';
import { MAX_ERROR_MESSAGE_LENGTH, MAX_ERROR_TYPE_LENGTH, MAX_REPORTS_PER_MESSAGE } from './task-wire';

/**
 * The host's check of a task worker's reports (task-wire.ts), part of workerMessageSchema. Sizes are bounded
 * before this runs (message-limits.ts, in parseWorkerMessage): a result's value is any value within them, as
 * a thread's structured clone or a process's JSON gave it; who shows it must show it bounded.
 */
const taskIdSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const singleReportSchemas = [
  z.strictObject({ type: z.literal('task.started'), taskId: taskIdSchema }),
  z.strictObject({ type: z.literal('task.result'), taskId: taskIdSchema, value: z.unknown() }),
  z.strictObject({
    type: z.literal('task.error'),
    taskId: taskIdSchema,
    error: z.strictObject({ type: z.string().min(1).max(MAX_ERROR_TYPE_LENGTH), message: z.string().max(MAX_ERROR_MESSAGE_LENGTH) }),
  }),
  z.strictObject({ type: z.literal('task.cancelled'), taskId: taskIdSchema }),
  // Looked at as a list only (constant time): its values are any within the limits, as a result's value is.
  z.strictObject({ type: z.literal('task.resultPart'), taskId: taskIdSchema, values: z.custom<unknown[]>((values) => Array.isArray(values), 'a part of a chunk\'s values is a list') }),
] as const;

export const taskReportSchemas = [
  ...singleReportSchemas,
  z.strictObject({
    type: z.literal('task.reports'),
    reports: z.array(z.discriminatedUnion('type', singleReportSchemas)).max(MAX_REPORTS_PER_MESSAGE, `at most ${MAX_REPORTS_PER_MESSAGE} task reports in one message`),
  }),
  z.strictObject({ type: z.literal('task.serving') }),
] as const;
