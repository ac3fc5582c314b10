import { parentPort, workerData } from 'node:worker_threads';
import type { HostMessage, WorkerSpec } from '../shared/worker-wire';
import { ownChildrenGone } from './own-children';
import { runWorker } from './run-worker';

/** Entry of a thread worker (worker_threads). Its channel to the host is `parentPort`. */
const spec = workerData as WorkerSpec;
const port = parentPort;
if (port === null) throw new Error('thread-entry must run in a worker thread');

void runWorker(spec, {
  isThread: true,
  beforeEnd: ownChildrenGone,
  send: (message) => port.postMessage(message),
  channel: {
    // Copied, not transferred, even a ring batch's array: the first ArrayBuffer a thread detaches (a
    // transfer) costs V8's guarantee that none ever is, and every optimised function that reads a typed
    // array is thrown away, the user's lock loop with it (seen with --trace-deopt: acquireNow, releaseNow
    // and the ring's put, at the first batch). A batch is at most half a ring (128 KiB): the copy is small.
    send: (message) => port.postMessage(message),
    onMessage: (handler) => port.on('message', handler),
  },
  onEndRequest: (handler) => {
    port.on('message', (message: HostMessage) => {
      // A thread cannot catch a signal of its own; the host's polite stop plays SIGTERM's part, and the
      // ignore-sigterm task ignores it just the same.
      if (message?.type === 'stop' && spec.task.name !== 'ignore-sigterm') handler('stop');
    });
    // Threads started by a thread should not keep it alive once its task is done.
    port.unref();
  },
});
