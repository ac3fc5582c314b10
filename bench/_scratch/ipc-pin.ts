import { fork } from 'node:child_process';
import { join } from 'node:path';
import { summarize } from '../stats';
import { describe } from '../paired';
const RAW_ECHO = join(__dirname, '..', 'fixtures', 'raw-ipc-echo.js');
async function rawIpc(n: number, childCpu?: string): Promise<number> {
  const child = fork(RAW_ECHO, [String(n)], { execArgv: [] });
  if (childCpu !== undefined) await new Promise((r) => require('node:child_process').execFile('taskset', ['-pc', childCpu, String(child.pid)], r));
  const us = await new Promise<number>((resolve) => {
    child.on('message', (message: { type: string; ms?: number }) => {
      if (message.type === 'ready') child.send({ type: 'go' });
      else if (message.type === 'done') resolve((message.ms! * 1000) / n);
      else child.send({ type: 'pong' });
    });
  });
  await new Promise((r) => child.once('exit', r));
  return us;
}
async function main() {
  const v: number[] = [];
  for (let i = 0; i < 15; i++) v.push(await rawIpc(4000, process.env.CHILD_CPU));
  console.log(process.env.LABEL, describe('rt', summarize(v), ' us'));
  process.exit(0);
}
void main();
