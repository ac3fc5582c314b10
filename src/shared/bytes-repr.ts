/**
 * Python's repr of a bytes object, `b'hi\x00'`, cut to `maxChars` with "…". Bytes travel as base64 (the
 * worker wire is JSON); atob is in browsers and Node alike, so the renderer can use this too.
 */
export function bytesRepr(base64: string, maxChars = 80): string {
  // Each byte shows as one character at least, so maxChars bytes are enough: the cost is bounded by the output.
  const prefix = base64.slice(0, Math.ceil(maxChars / 3) * 4);
  const text = bytesText(atob(prefix));
  return text.length > maxChars || prefix.length < base64.length ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** Python's repr of the bytes whose codes are a binary string's char codes. */
export function bytesText(binary: string): string {
  const useDouble = binary.includes("'") && !binary.includes('"');
  let body = '';
  for (let index = 0; index < binary.length; index += 1) {
    const code = binary.charCodeAt(index);
    if (code === 0x5c) body += '\\\\';
    else if (code === 0x27 && !useDouble) body += "\\'";
    else if (code === 0x09) body += '\\t';
    else if (code === 0x0a) body += '\\n';
    else if (code === 0x0d) body += '\\r';
    else if (code >= 0x20 && code < 0x7f) body += binary[index];
    else body += `\\x${code.toString(16).padStart(2, '0')}`;
  }
  const quote = useDouble ? '"' : "'";
  return `b${quote}${body}${quote}`;
}
