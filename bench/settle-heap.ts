import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, outside the timed part of a round: two labs in one process share one heap, so
 * without it the garbage one side's round made (the watched lab's recording, its page's fold) is collected
 * in the other side's next round and counted against it.
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

export function settleHeap(): void {
  collect();
}
