// No zod here: a worker's lock handle reads these, and a worker's boot must not load the schemas (~40 ms).

/**
 * threading.TIMEOUT_MAX on Linux 64-bit (CPython 3.6 to 3.13): the longest timeout a wait accepts, in seconds
 * (2^63 ns, rounded down to whole seconds). Longer ones raise OverflowError when the call would block.
 */
export const TIMEOUT_MAX = 9_223_372_036;

/**
 * Where CPython's clock conversion really overflows: 2^63 ns, a fraction of a second past TIMEOUT_MAX (a free
 * Lock's acquire(timeout=9223372036.5) succeeds in CPython 3.11 and 3.13, seen).
 */
export const TIMEOUT_OVERFLOW_S = 2 ** 63 / 1e9;
