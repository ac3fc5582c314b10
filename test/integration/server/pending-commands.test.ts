import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_PENDING_COMMANDS } from '../../../src/shared/pending-commands';
import { ServerProcess } from '../../support/server-process';

/**
 * A page that sends commands whose answers wait (joins of a closed pool whose task sleeps a minute) is
 * told, past MAX_PENDING_COMMANDS of them, that it must wait for answers; another page is not; and once
 * the pool ends, the joins are answered and the page is served again. On a real browser-mode host.
 */
let server: ServerProcess;
beforeAll(async () => {
  server = await ServerProcess.start();
});
afterAll(async () => server?.stop());

interface Reply {
  readonly type: 'reply';
  readonly id: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly result?: { readonly workerIds?: readonly string[] };
}

class Page {
  private readonly replies = new Map<string, Reply>();
  private readonly waiting = new Map<string, (reply: Reply) => void>();
  private serial = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type !== 'reply') return;
      const reply = message as Reply;
      this.replies.set(reply.id, reply);
      this.waiting.get(reply.id)?.(reply);
    });
  }

  static open(): Promise<Page> {
    const socket = new WebSocket(server.socketUrl(), { origin: server.origin });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new Page(socket)));
      socket.once('error', reject);
    });
  }

  send(command: unknown): Promise<Reply> {
    const id = `c${++this.serial}`;
    const answered = new Promise<Reply>((resolve) => this.waiting.set(id, resolve));
    this.socket.send(JSON.stringify({ type: 'command', id, command }));
    return answered;
  }

  /** How many replies this page has had. */
  get replyCount(): number {
    return this.replies.size;
  }

  close(): void {
    this.socket.close();
  }
}

describe("a page's commands waiting for their answers are bounded", () => {
  it('answers the one past the bound at once, in words, serves another page, and serves this one again once answered', async () => {
    const page = await Page.open();
    // A closed pool's join without a timeout waits for its workers' end, as Python's: behind a minute's sleep.
    expect(await page.send({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'thread', size: 1 } })).toMatchObject({ ok: true });
    expect(await page.send({ type: 'pool.apply', pool: 'p', fn: 'sleep', args: [60_000] })).toMatchObject({ ok: true });
    expect(await page.send({ type: 'pool.close', pool: 'p' })).toMatchObject({ ok: true });
    const before = page.replyCount;
    const joins = Array.from({ length: MAX_PENDING_COMMANDS }, () => page.send({ type: 'pool.join', pool: 'p' }));
    const excess = await page.send({ type: 'pool.join', pool: 'p' });
    expect(excess).toMatchObject({ ok: false, error: expect.stringContaining(`${MAX_PENDING_COMMANDS} commands from here are still waiting for their answers`) });
    // The excess's answer is the only one since the joins were sent: none of them has returned.
    expect(page.replyCount).toBe(before + 1);
    // Another page has its own bound: its command runs, and ends the pool.
    const other = await Page.open();
    expect(await other.send({ type: 'pool.terminate', pool: 'p' })).toMatchObject({ ok: true });
    const answered = await Promise.all(joins);
    expect(answered.filter((reply) => !reply.ok)).toEqual([]);
    expect(await page.send({ type: 'pool.join', pool: 'p', timeoutMs: 0 })).toMatchObject({ ok: true });
    page.close();
    other.close();
  }, 60_000);
});
