/**
 * What went wrong, in one line for a person: an error's message without its stack, cut short. It never
 * throws, whatever was thrown (a string, an object whose message is not text, a BigInt).
 */
export function describeFailure(error: unknown, maxLength = 200): string {
  let text: unknown;
  try {
    text = error instanceof Error ? error.message : error;
  } catch {
    text = undefined;
  }
  const line = typeof text === 'string' ? (text.split('\n')[0] ?? '').trim() : '';
  if (line === '') return 'an error without a message';
  return line.length <= maxLength ? line : `${line.slice(0, maxLength - 1)}…`;
}
