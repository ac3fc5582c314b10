/**
 * The producers and consumers of a queue, the senders and receivers of a pipe: the most recent this many
 * (a pool churning workers through one queue would otherwise grow them, and each fact's check, for ever).
 * The broker and the fold keep them alike, so folded and brokered states agree. Zod-free (no schema here).
 */
export const ACTORS_REMEMBERED = 256;

/** Adds `actor` to the set unless there; past ACTORS_REMEMBERED the one added longest ago goes. */
export function rememberActor(seen: Set<string>, actor: string): void {
  if (seen.has(actor)) return;
  seen.add(actor);
  if (seen.size > ACTORS_REMEMBERED) seen.delete(seen.values().next().value!);
}

/** The same for a list (a folded state's): the same actors, in the same order, as rememberActor keeps. */
export function rememberInList(list: string[], actor: string): void {
  if (list.includes(actor)) return;
  list.push(actor);
  if (list.length > ACTORS_REMEMBERED) list.shift();
}
