import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { ServerProcess } from '../test/support/server-process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TICKER = join(__dirname, 'fixtures', 'ticker.sh');

/** The page benches' load (page.bench.ts, page-soak.bench.ts): a server, Debian's Chromium at 1280x720 on it, and tickers. */
export interface PageUnderLoad {
  readonly server: ServerProcess;
  readonly browser: Browser;
  readonly page: Page;
  /** The page's JS heap after a forced GC (MiB). */
  heapMiB(): Promise<number>;
  /** `count` real workers, each a bash loop printing a line every `tickS` s (fixtures/ticker.sh), all ready. */
  startTickers(count: number, tickS: number): Promise<void>;
  close(): Promise<void>;
}

/** A server with room for `liveWorkers`, sampling every 500 ms, and a page that has drawn the host's row. */
export async function openPageUnderLoad(liveWorkers: number): Promise<PageUnderLoad> {
  const scratch = mkdtempSync(join(tmpdir(), 'lab-page-load-'));
  // The tickers wait on a fifo nobody writes: they sleep between lines without a child per line.
  const fifo = join(scratch, 'never-written');
  execFileSync('mkfifo', [fifo]);
  const server = await ServerProcess.start(['--max-workers', String(liveWorkers + 20), '--sample-period', '500']);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const close = async () => {
    await browser.close();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const cdp = await page.context().newCDPSession(page);
    await page.goto(server.url);
    await page.getByRole('region', { name: 'Process tree' }).locator(`tr[data-pid="${server.child.pid}"]`).waitFor();
    return {
      server,
      browser,
      page,
      heapMiB: async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
      },
      startTickers: async (count, tickS) => {
        const live = await server.start({ kind: 'command', command: `bash ${TICKER} ${fifo} ${tickS}`, count });
        await Promise.all(live.map((id) => server.ready(id)));
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
