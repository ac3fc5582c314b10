/** The command line of browser mode: `npm run serve -- --port 0 --host 127.0.0.1 --no-open`. */
export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly open: boolean;
  readonly sampler: 'auto' | 'linux' | 'portable';
  readonly samplePeriodMs: number | undefined;
  readonly maxLiveWorkers: number | undefined;
  readonly gracePeriodMs: number | undefined;
  /** A recording file to show instead of a lab: nothing is started, commands are refused. */
  readonly replay: string | undefined;
  /** Folders of the user's own scenario files (docs/scenarios.md), read after the library; repeatable. */
  readonly scenarios: readonly string[];
}

export const USAGE = `usage: concurrency-lab-serve [--port N] [--host H] [--no-open] [--sampler auto|linux|portable]
                             [--sample-period MS] [--grace MS] [--max-workers N] [--replay FILE]
                             [--scenarios DIR]...
  --port N            port to listen on; 0 picks a free one (default 0)
  --host H            address to bind (default 127.0.0.1; anything else exposes the lab to your network)
  --no-open           do not open a browser
  --sampler S         process sampler: /proc on Linux (auto), or pidusage + ps (portable)
  --sample-period MS  sampling period (default 500)
  --grace MS          SIGTERM-to-SIGKILL grace period (default 2000)
  --max-workers N     live workers allowed at once (default 256)
  --replay FILE       show a saved recording (.clrec) with no lab: no worker or sampler starts
  --scenarios DIR     a folder of your own scenario files (*.yaml), beside the lab's library; repeatable`;

export type ParsedArgs = { ok: true; options: ServeOptions } | { ok: false; error: string } | { ok: 'help' };

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options = {
    port: 0,
    host: '127.0.0.1',
    open: true,
    sampler: 'auto' as ServeOptions['sampler'],
    samplePeriodMs: undefined as number | undefined,
    maxLiveWorkers: undefined as number | undefined,
    gracePeriodMs: undefined as number | undefined,
    replay: undefined as string | undefined,
    scenarios: [] as string[],
  };
  const rest = [...argv];
  while (rest.length > 0) {
    const arg = rest.shift()!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? splitOnce(arg) : [arg, undefined];
    const value = () => inline ?? rest.shift();
    switch (flag) {
      case '--help':
      case '-h':
        return { ok: 'help' };
      case '--no-open':
        options.open = false;
        break;
      case '--port': {
        const port = integer(value(), 0, 65535);
        if (port === null) return { ok: false, error: '--port needs a whole number from 0 to 65535 (0 = any free port)' };
        options.port = port;
        break;
      }
      case '--host': {
        const host = value();
        if (!host) return { ok: false, error: '--host needs an address, for example 127.0.0.1' };
        options.host = host;
        break;
      }
      case '--sampler': {
        const sampler = value();
        if (sampler !== 'auto' && sampler !== 'linux' && sampler !== 'portable') {
          return { ok: false, error: '--sampler must be auto, linux or portable' };
        }
        options.sampler = sampler;
        break;
      }
      case '--sample-period':
        options.samplePeriodMs = integer(value(), 50, 10_000) ?? NaN;
        if (Number.isNaN(options.samplePeriodMs)) return { ok: false, error: '--sample-period needs milliseconds from 50 to 10000' };
        break;
      case '--grace':
        options.gracePeriodMs = integer(value(), 0, 60_000) ?? NaN;
        if (Number.isNaN(options.gracePeriodMs)) return { ok: false, error: '--grace needs milliseconds from 0 to 60000' };
        break;
      case '--max-workers':
        options.maxLiveWorkers = integer(value(), 1, 4096) ?? NaN;
        if (Number.isNaN(options.maxLiveWorkers)) return { ok: false, error: '--max-workers needs a whole number from 1 to 4096' };
        break;
      case '--replay': {
        const file = value();
        if (!file) return { ok: false, error: '--replay needs a recording file, for example concurrency-lab-2025-06-01-14-03-22.clrec' };
        options.replay = file;
        break;
      }
      case '--scenarios': {
        const folder = value();
        if (!folder) return { ok: false, error: '--scenarios needs a folder of scenario files, for example ~/lessons' };
        options.scenarios.push(folder);
        break;
      }
      default:
        return { ok: false, error: `unknown option ${JSON.stringify(arg)}` };
    }
  }
  return { ok: true, options };
}

function splitOnce(arg: string): [string, string] {
  const at = arg.indexOf('=');
  return [arg.slice(0, at), arg.slice(at + 1)];
}

function integer(text: string | undefined, min: number, max: number): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}
