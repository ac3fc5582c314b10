import { z } from 'zod';
import { excerpt } from './excerpt';

/**
 * The signals a user may send from the lab. A closed list, so a typo is a clear error rather than a
 * silent no-op; SIGSTOP and SIGCONT suspend and resume (POSIX only).
 */
export const SIGNAL_NAMES = [
  'SIGINT',
  'SIGTERM',
  'SIGKILL',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGSTOP',
  'SIGCONT',
  'SIGABRT',
  'SIGSEGV',
] as const;

export const signalNameSchema = z.enum(SIGNAL_NAMES, {
  error: (issue) => `unknown signal ${excerpt(issue.input)}; use one of ${SIGNAL_NAMES.join(', ')}`,
});
export type SignalName = z.infer<typeof signalNameSchema>;

/** Linux numbering, used only to explain exit codes when the host did not send its own table. */
export const LINUX_SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
};
