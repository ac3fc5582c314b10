/**
 * A short, safe picture of a value someone sent, for an error message: `unknown signal "SIGFOO"`. Unlike
 * JSON.stringify it cannot throw (BigInt, cycles, nesting 40,000 deep) and its cost is bounded by the
 * length it may write, whatever the value: it looks at most a few levels down and a few items across.
 */
export function excerpt(value: unknown, maxLength = 60): string {
  const text = picture(value, 2);
  return text.length <= maxLength ? text : `${text.slice(0, Math.max(0, maxLength - 1))}…`;
}

const ITEMS_SHOWN = 4;
const TEXT_SHOWN = 80;

function picture(value: unknown, levels: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > TEXT_SHOWN ? `${value.slice(0, TEXT_SHOWN)}…` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'object':
      return value === null ? 'null' : pictureObject(value, levels);
  }
  return 'a value';
}

function pictureObject(value: object, levels: number): string {
  if (Array.isArray(value)) {
    if (levels === 0) return value.length === 0 ? '[]' : '[…]';
    const shown = value.slice(0, ITEMS_SHOWN).map((item: unknown) => picture(item, levels - 1));
    if (value.length > ITEMS_SHOWN) shown.push('…');
    return `[${shown.join(',')}]`;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return 'an object that is not plain data';
  if (levels === 0) return '{…}';
  const shown: string[] = [];
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (shown.length === ITEMS_SHOWN) {
      shown.push('…');
      break;
    }
    shown.push(`${picture(key, 0)}:${picture((value as Record<string, unknown>)[key], levels - 1)}`);
  }
  return `{${shown.join(',')}}`;
}
