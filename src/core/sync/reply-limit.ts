import type { Item, SyncReply } from '../../shared/sync';
import { fail, ok } from './primitive';

/**
 * The most one read's reply may carry (a Dict's keys/values/items, a List's slice): about what a worker may
 * send in one message itself (MESSAGE_LIMITS' 1,000,000 characters), counted as the reply's JSON characters,
 * and at most 100,000 items. Without it a one-line request (`l[:]` of a 5-million-item List) would have the
 * host serialise megabytes, and a worker firing 50 of them at once gigabytes. Python has no such limit: a
 * deliberate difference (docs/sync.md, "The reply limit").
 */
export const REPLY_MAX_CHARS = 1_000_000;
export const REPLY_MAX_ITEMS = 100_000;

/**
 * The items as one reply, or MemoryError in words when they would pass the limit. The items are sized one
 * at a time as they are taken and the walk stops at the limit, so a refusal costs at most the limit's worth
 * of work, never a serialisation of the whole container.
 */
export function boundedReply(items: Iterable<Item>, what: string, advice: string): SyncReply {
  const out: Item[] = [];
  // The brackets, then each item's JSON and its comma.
  let chars = 2;
  for (const item of items) {
    chars += JSON.stringify(item).length + 1;
    if (chars > REPLY_MAX_CHARS || out.length >= REPLY_MAX_ITEMS) {
      return fail(
        'MemoryError',
        `${what} is too big for one reply (the lab sends at most ${REPLY_MAX_ITEMS.toLocaleString('en')} items or ` +
          `${REPLY_MAX_CHARS.toLocaleString('en')} characters at a time): ${advice}`,
      );
    }
    out.push(item);
  }
  return ok(out);
}
