import type { WorkerStatus } from '../../shared/worker-query';
import type { Requester, Timeout } from './requester';

/**
 * Another worker, as a Python parent holds a Process: `is_alive()`, `exitcode`, `pid`, `name`, `daemon`
 * made async (each is one question to the host, answered from the supervisor's book), and `join(timeout)`.
 * `key` is the worker's id ("w3") or its name ("worker-3").
 */
export function workerHandle(requester: Requester, key: string) {
  const status = async () => (await requester.query({ op: 'status', worker: key })) as WorkerStatus;
  return {
    /** Everything at once, from one look: id, name, pid, daemon, alive, exitcode, startFailed. */
    status,
    isAlive: async () => (await status()).alive,
    /** Null while it runs; its exit code once it has exited; -N when signal N ended it. */
    exitcode: async () => (await status()).exitcode,
    pid: async () => (await status()).pid,
    name: async () => (await status()).name,
    daemon: async () => (await status()).daemon,
    /** Waits until it has ended, or `timeout` seconds (negative: no time at all); resolves either way, as Python's join returns None. */
    join: async (timeout?: Timeout) => void (await requester.query({ op: 'join', worker: key, timeout: timeout ?? null })),
  };
}
