import { z } from 'zod';
import { MAX_LIVE_WORKERS_CEILING } from './config';
import { isSyncTask, taskSchema, type Task } from './tasks';
import { PROCESS_METHODS } from './worker';

/**
 * What a person asks the lab to start, one branch per runtime: a `thread` of the lab's own process, a
 * `process` running the worker entry (fork, spawn or exec), a `command` line of theirs, or a `python`
 * program, run unmodified under the lab's shim (docs/python-wire.md). Each branch has only its own fields
 * and says in its own words what does not belong.
 */
export const START_KINDS = ['thread', 'process', 'command', 'python'] as const;
export type StartKind = (typeof START_KINDS)[number];

const workerName = /^[A-Za-z0-9_.-]+$/;
const kindWords = `"${START_KINDS.slice(0, -1).join('", "')}" or "${START_KINDS.at(-1)}"`;

/**
 * One start may fill the lab up to its live-worker limit (maxLiveWorkers, 256 by default), which the
 * supervisor checks against the workers already running; the schema only bounds it by the highest limit a
 * lab can be given.
 */
const count = z
  .number({ error: 'count must be a number' })
  .int('count must be a whole number')
  .min(1, 'count must be at least 1')
  .max(MAX_LIVE_WORKERS_CEILING, `count must be at most ${MAX_LIVE_WORKERS_CEILING} (the lab's live-worker limit, 256 by default, applies too)`);

const namePrefix = z
  .string()
  .min(1, 'name prefix must not be empty')
  .max(32, 'name prefix must be at most 32 characters')
  .regex(workerName, 'name prefix may use letters, digits, "_", "." and "-"')
  .default('worker');

const common = { count, namePrefix, daemon: z.boolean().default(false) };

/** A key this branch does not have: present, it is refused with words that say why and what to use instead. */
const notHere = (message: string) => z.never({ error: message }).optional();

/** A crash (its own, or a thread child's) takes down the process it runs in; in a thread, the lab's. */
const crashesItsProcess = (given: Task): boolean =>
  given.name === 'crash' || (given.name === 'spawn-children' && given.kind === 'thread' && given.task.name === 'crash');

const threadStartSchema = z.strictObject({
  kind: z.literal('thread'),
  task: taskSchema.refine((given) => !crashesItsProcess(given), 'crash kills the whole process it runs in; in a thread that would be the lab itself. Use kind "process"'),
  ...common,
  method: notHere('a thread has no process method'),
  command: notHere('a thread cannot run a command line; use kind "command"'),
  detached: notHere('only a process can be detached: a thread cannot outlive its process'),
});

const processStartSchema = z
  .strictObject({
    kind: z.literal('process'),
    method: z.enum(PROCESS_METHODS, {
      error: (issue) =>
        issue.input === undefined
          ? `a process needs a method: ${PROCESS_METHODS.join(', ')}`
          : issue.input === 'command'
            ? 'a command line is its own kind: {"kind":"command","command":"sleep 30"}'
            : `method must be one of ${PROCESS_METHODS.join(', ')}`,
    }),
    task: taskSchema,
    ...common,
    detached: z.boolean().default(false),
    command: notHere('a command line is its own kind: use kind "command", without a method'),
  })
  .superRefine((spec, ctx) => {
    // Only these have a channel the lab's primitives can answer on (threads: postMessage; fork: IPC).
    if (isSyncTask(spec.task.name) && spec.method !== 'fork') {
      ctx.addIssue({ code: 'custom', message: `${spec.task.name} talks to the lab's primitives over a message channel: use kind "thread" or method "fork"`, path: ['method'] });
    }
  });

const commandStartSchema = z.strictObject({
  kind: z.literal('command'),
  command: z
    .string({ error: (issue) => (issue.input === undefined ? 'kind "command" needs a command line, for example "sleep 30"' : 'command must be a string') })
    .trim()
    .min(1, 'command must not be empty')
    .max(4000, 'command is too long'),
  ...common,
  detached: z.boolean().default(false),
  method: notHere('kind "command" has no method: its command line is run as it is'),
  task: notHere('kind "command" runs its command line, not a task'),
});

/** The interpreter a Python program runs on where none is named (the Start dialog offers those found: interpreters.ts). */
export const DEFAULT_PYTHON = 'python3';
/** Inline code (the Start dialog's "Code") is at most this long; a longer program belongs in a script. */
export const PYTHON_CODE_MAX = 100_000;

/** An absolute path on any platform the lab runs on: `/x` or `C:\\x`. (src/shared has no node:path.) */
const isAbsolutePath = (path: string) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
const oneLineText = /^[^\0\n\r]+$/;

const pythonStartSchema = z
  .strictObject({
    kind: z.literal('python'),
    code: z
      .string({ error: 'code must be text: the program itself, as in python3 -c' })
      .max(PYTHON_CODE_MAX, `code is at most ${PYTHON_CODE_MAX} characters; run a longer program as a script`)
      .refine((code) => code.trim().length > 0, 'code must not be empty')
      .refine((code) => !code.includes('\0'), 'code must not contain a NUL character')
      .optional(),
    script: z
      .string({ error: 'script must be the path of a Python file' })
      .max(4096, 'script path is too long')
      .regex(oneLineText, 'script must be a path on one line')
      .refine(isAbsolutePath, 'script must be an absolute path, such as /home/me/deadlock.py')
      .optional(),
    args: z
      .array(z.string({ error: 'each argument must be text' }).max(4096, 'an argument is at most 4096 characters').refine((arg) => !arg.includes('\0'), 'an argument must not contain a NUL character'), {
        error: 'args must be a list of arguments, such as ["-n", "5"]',
      })
      .max(256, 'at most 256 arguments')
      .default([]),
    interpreter: z
      .string({ error: 'interpreter must be text, such as "python3.12" or a path' })
      .max(4096, 'interpreter is too long')
      .regex(oneLineText, 'interpreter must be a program name or a path on one line')
      .default(DEFAULT_PYTHON),
    ...common,
    method: notHere('a Python program has no method: its own children start with Python\'s start methods'),
    task: notHere('a Python program runs its code or script, not a task'),
    command: notHere('a Python program is given as code or script: use kind "command" for a command line'),
    detached: notHere('a Python program is watched by the lab, so it cannot be detached from it'),
  })
  .superRefine((spec, ctx) => {
    if ((spec.code === undefined) === (spec.script === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a Python program needs its code or a script path (one of the two)', path: spec.code === undefined ? ['code'] : ['script'] });
    }
  });

export const startSpecSchema = z.discriminatedUnion('kind', [threadStartSchema, processStartSchema, commandStartSchema, pythonStartSchema], {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return 'a start spec is an object, for example {"kind":"thread","count":1,"task":{"name":"sleep","ms":5000}}';
    const given = (issue.input as { kind?: unknown } | undefined)?.kind;
    return given === undefined ? `kind is missing: ${kindWords}` : `kind must be ${kindWords}`;
  },
});
export type StartSpec = z.infer<typeof startSpecSchema>;
export type ThreadStart = z.infer<typeof threadStartSchema>;
export type ProcessStart = z.infer<typeof processStartSchema>;
export type CommandStart = z.infer<typeof commandStartSchema>;
export type PythonStart = z.infer<typeof pythonStartSchema>;
