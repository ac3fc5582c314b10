import { fork } from 'node:child_process';
import { join } from 'node:path';
import { summarize } from '../stats';
import { describe } from '../paired';
const RAW_ECHO = join(__dirname, '..', 'fixtures', 'raw-ipc-echo.js');
const N = 20000, W = 4000;
async function A(cb: boolean, big: boolean) { const c = fork(RAW_ECHO, [String(N), String(W)], { execArgv: [] }); const ex = new Promise((r) => c.once('exit', r));
  const reply = big ? { type: 'syncReply', id: 123456, reply: { ok: true, value: true } } : { type: 'pong' };
  const ms = await new Promise<number>((res) => c.on('message', (m: { type: string; ms?: number }) => (m.type === 'done' ? res(m.ms!) : cb ? c.send(reply, undefined, undefined, () => undefined) : c.send(reply)))); await ex; return (ms * 1000) / N; }
async function main() {
  const s: Record<string, number[]> = { plain: [], callback: [], big: [] };
  for (let i = 0; i < 10; i++) { s.plain!.push(await A(false, false)); s.callback!.push(await A(true, false)); s.big!.push(await A(false, true)); }
  for (const [k, v] of Object.entries(s)) console.log(describe(k, summarize(v)));
}
void main();
