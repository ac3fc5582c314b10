import type { ReactNode } from 'react';

export type BadgeTone =
  | 'fork'
  | 'spawn'
  | 'exec'
  | 'command'
  | 'thread'
  | 'ipc'
  | 'no-ipc'
  | 'daemon'
  | 'detached'
  | 'orphan'
  | 'muted'
  | 'ok'
  | 'error'
  | 'signal'
  | 'host'
  | 'primitive'
  | 'waits'
  | 'held'
  | 'deadlock'
  | 'pool-worker'
  | 'pool-worker-former'
  | 'python'
  | 'hazard'
  | 'unobserved';

/** A small label in the tree, the table and the details: method, IPC, daemon, orphan, exit code. */
export function Badge({ tone, title, children }: { tone: BadgeTone; title?: string; children: ReactNode }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
