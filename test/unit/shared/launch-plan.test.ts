import { describe, expect, it } from 'vitest';
import { CHILD_FDS, newWorkerSpec, planLaunch, workerArgv, workerEnvironment, type LaunchRequest } from '../../../src/shared/launch-plan';
import { WORKER_SPEC_ENV } from '../../../src/shared/worker-wire';

const SETPRIV = '/usr/bin/setpriv';
const NODE = ['/opt/node', '/lab/worker-process.js', '--lab-worker=w1'];
const host: LaunchRequest = {
  method: 'fork',
  argv: NODE,
  windows: false,
  shell: '/bin/sh',
  setpriv: SETPRIV,
  diesWithParent: true,
  parentPid: 42,
  detached: false,
  stdin: 'pipe',
  output: 'pipe',
  lifeline: 'pipe',
};
const armed = (argv: string[]) => [SETPRIV, '--pdeathsig', 'KILL', '--', ...argv];

describe('the launch plan of a child of the host', () => {
  it('fork: setpriv first, stdio, the lifeline at 3, the facts slot closed, IPC at 5', () => {
    const plan = planLaunch(host);
    expect([plan.file, ...plan.args]).toEqual(armed(NODE));
    expect(plan.stdio).toEqual(['pipe', 'pipe', 'pipe', 'pipe', 'ignore', 'ipc']);
    expect(plan.stdio.indexOf('ipc')).toBe(CHILD_FDS.ipc);
    expect(plan.stdio[CHILD_FDS.lifeline]).toBe('pipe');
    expect(plan.ipc).toBe(true);
  });

  it('IPC stays at 5 without a lifeline; spawn has no trailing closed slots', () => {
    expect(planLaunch({ ...host, lifeline: null }).stdio).toEqual(['pipe', 'pipe', 'pipe', 'ignore', 'ignore', 'ipc']);
    expect(planLaunch({ ...host, method: 'spawn', lifeline: null }).stdio).toEqual(['pipe', 'pipe', 'pipe']);
    expect(planLaunch({ ...host, method: 'spawn' }).stdio).toEqual(['pipe', 'pipe', 'pipe', 'pipe']);
  });

  it('exec: the shell has the parent-death signal, so does the node below it, and a second command keeps the shell (bash)', () => {
    const plan = planLaunch({ ...host, method: 'exec', shell: '/bin/bash' });
    expect([plan.file, ...plan.args]).toEqual(armed(['/bin/bash', '-c', `${SETPRIV} --pdeathsig KILL -- /opt/node /lab/worker-process.js --lab-worker=w1; exit $?`]));
    expect(plan.ipc).toBe(false);
  });

  it('detached: no parent-death signal anywhere, the node below the shell included; /dev/null for stdio, no lifeline', () => {
    const request = { ...host, setpriv: null, detached: true } as const;
    const exec = planLaunch({ ...request, method: 'exec' });
    expect([exec.file, ...exec.args]).toEqual(['/bin/sh', '-c', '/opt/node /lab/worker-process.js --lab-worker=w1; exit $?']);
    expect(exec.stdio).toEqual(['ignore', 'ignore', 'ignore']);
    expect(planLaunch(request).stdio).toEqual(['ignore', 'ignore', 'ignore', 'ignore', 'ignore', 'ipc']);
  });

  it('command: the guard shell checks the parent once armed, then execs the program', () => {
    const plan = planLaunch({ ...host, method: 'command', argv: ['sleep', '5'], shell: '/bin/bash', lifeline: null });
    expect([plan.file, ...plan.args].slice(0, 6)).toEqual(armed(['/bin/bash', '-c']));
    expect(plan.args.slice(-4)).toEqual(['lab-guard', '42', 'sleep', '5']);
    expect(planLaunch({ ...host, method: 'command', argv: ['sleep', '5'], setpriv: null, lifeline: null }).file).toBe('sleep');
  });

  it('Windows exec: one command line for cmd.exe, quoted as Windows quotes (an installed app\'s path has spaces)', () => {
    const plan = planLaunch({ ...host, method: 'exec', windows: true, setpriv: null, argv: ['C:\\node.exe', 'entry.js'] });
    expect(plan).toMatchObject({ file: 'C:\\node.exe entry.js', args: [], windowsShell: true });
    const installed = 'C:\\Users\\me\\AppData\\Local\\Programs\\Concurrency Lab';
    const argv = [`${installed}\\concurrency-lab.exe`, `${installed}\\resources\\app.asar\\out\\node\\worker-process.js`, '--lab-worker=w1'];
    expect(planLaunch({ ...host, method: 'exec', windows: true, setpriv: null, argv }).file).toBe(
      `"${installed}\\concurrency-lab.exe" "${installed}\\resources\\app.asar\\out\\node\\worker-process.js" --lab-worker=w1`,
    );
  });
});

describe("the launch plan of a worker's own child", () => {
  const child = { ...host, stdin: 'ignore', output: 'inherit', lifeline: CHILD_FDS.lifeline } as const;

  it('a non-daemon child has no parent-death signal of its own (it may outlive its parent) and gets the lifeline passed down', () => {
    const plan = planLaunch({ ...child, diesWithParent: false, method: 'spawn' });
    expect([plan.file, ...plan.args]).toEqual(NODE);
    expect(plan.stdio).toEqual(['ignore', 'inherit', 'inherit', 3]);
  });

  it('its exec node still ends with its shell', () => {
    const plan = planLaunch({ ...child, diesWithParent: false, method: 'exec' });
    expect(plan.file).toBe('/bin/sh');
    expect(plan.args[1]).toMatch(/^\/usr\/bin\/setpriv --pdeathsig KILL -- \/opt\/node /);
  });
});

describe('worker specs', () => {
  const base = { workerId: 'w1', task: { name: 'hang' }, daemon: false, lifeline: true, setpriv: SETPRIV, shell: '/bin/sh', entries: { thread: 't.js', process: 'p.js' } } as const;

  it('a worker that watches its parent does it on its IPC channel (fork) or stdin; one that does not, not at all', () => {
    expect(newWorkerSpec({ ...base, method: 'fork', watchesParent: true })).toMatchObject({ guard: 'ipc', lifeline: CHILD_FDS.lifeline, shell: '/bin/sh' });
    expect(newWorkerSpec({ ...base, method: 'exec', watchesParent: true }).guard).toBe('stdin');
    expect(newWorkerSpec({ ...base, method: 'fork', watchesParent: false }).guard).toBe('none');
    expect(newWorkerSpec({ ...base, method: 'thread', watchesParent: true, lifeline: false })).toMatchObject({ guard: 'none', lifeline: null });
  });

  it('argv and environment carry the spec, and make Electron run as Node', () => {
    const spec = newWorkerSpec({ ...base, method: 'spawn', watchesParent: true });
    expect(workerArgv('/opt/node', spec)).toEqual(['/opt/node', 'p.js', '--lab-worker=w1']);
    const env: Record<string, string | undefined> = workerEnvironment({ PATH: '/bin' }, spec, true);
    expect(JSON.parse(env[WORKER_SPEC_ENV]!)).toEqual(spec);
    expect(env).toMatchObject({ PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' });
  });
});
