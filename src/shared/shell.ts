/** Quotes one argument for a POSIX shell (the `exec` method runs its command line through /bin/sh). */
export function shellQuote(argument: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`;
}

/**
 * Quotes one argument of the command line an `exec` worker runs through cmd.exe on Windows (Node's `shell: true`
 * runs `cmd.exe /d /s /c "<line>"`, and /s hands the line on as it is). cmd.exe knows only double quotes, so the
 * POSIX single quotes of shellQuote would become part of the program's name; every Windows path has a
 * backslash, and an installed app's has spaces ("C:\Users\me\AppData\Local\Programs\Concurrency Lab\...").
 * Inside the quotes the program's own parsing (CommandLineToArgvW) applies: a quote is \", and backslashes
 * are doubled only before a quote, the closing one included. A `%` is still expanded by cmd.exe.
 */
export function windowsQuote(argument: string): string {
  if (/^[A-Za-z0-9_./\\=:@+-]+$/.test(argument)) return argument;
  return `"${argument.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

/**
 * Inside Electron, `process.execPath` is Electron itself; this variable makes it run as plain Node, which
 * `fork` sets on its own but `spawn` and `exec` do not.
 */
export function asNodeEnvironment<E extends Record<string, string | undefined>>(env: E, inElectron: boolean): E {
  return inElectron ? { ...env, ELECTRON_RUN_AS_NODE: '1' } : env;
}

/**
 * Splits a command line into argv the way a POSIX shell would for simple commands: whitespace separates,
 * single quotes are literal, double quotes allow \" and \\, a backslash escapes the next character.
 * Returns an error for an unterminated quote. No expansion, globbing or operators: `command` runs one
 * program without a shell.
 */
export function splitCommandLine(line: string): { ok: true; argv: string[] } | { ok: false; error: string } {
  const argv: string[] = [];
  let current = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote === "'") {
      if (char === "'") quote = null;
      else current += char;
    } else if (quote === '"') {
      if (char === '"') quote = null;
      else if (char === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) current += line[++i];
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) argv.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote !== null) return { ok: false, error: `unterminated ${quote === "'" ? 'single' : 'double'} quote in the command line` };
  if (inWord) argv.push(current);
  if (argv.length === 0) return { ok: false, error: 'the command line is empty' };
  return { ok: true, argv };
}
