/**
 * A pattern whose matching may take exponential time on a line of output (JavaScript's engine backtracks):
 * a quantified group with a quantifier inside it ((a+)+, (a|aa)*, (\d*){2,}), or a back-reference. Refused
 * at load, so that a scenario file cannot stall the lab with one line; a little stricter than needed.
 */
export function mayBacktrack(pattern: string): boolean {
  if (/\\[1-9]|\\k</.test(pattern)) return true;
  // Groups, innermost first: a group that holds a quantifier (or an alternation) and is itself quantified.
  const open: { quantified: boolean }[] = [];
  for (let at = 0; at < pattern.length; at++) {
    const character = pattern[at]!;
    if (character === '\\') {
      at++;
      continue;
    }
    if (character === '[') {
      // A class is one character: skip to its end.
      for (at++; at < pattern.length && pattern[at] !== ']'; at++) if (pattern[at] === '\\') at++;
      if (isQuantifier(pattern, at + 1) && open.length > 0) open[open.length - 1]!.quantified = true;
      continue;
    }
    if (character === '(') open.push({ quantified: false });
    else if (character === ')') {
      const group = open.pop();
      const repeated = isQuantifier(pattern, at + 1);
      if (group?.quantified === true && repeated) return true;
      if ((group?.quantified === true || repeated) && open.length > 0) open[open.length - 1]!.quantified = true;
    } else if ((isQuantifier(pattern, at) || character === '|') && open.length > 0) open[open.length - 1]!.quantified = true;
  }
  return false;
}

function isQuantifier(pattern: string, at: number): boolean {
  const character = pattern[at];
  return character === '*' || character === '+' || (character === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(at)));
}
