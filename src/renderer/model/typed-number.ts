/**
 * Numbers are sent as typed: "-3" is -3 and "abc" is NaN (null on the wire), so the lab, which validates,
 * answers with the reason. The forms never quietly correct what the person asked for.
 */
export function typedNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
