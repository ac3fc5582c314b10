import { expect, test } from '@playwright/test';
import { isRunning } from '../support/procfs';
import { ServerProcess } from '../support/server-process';
import { waitFor } from '../support/wait';
import { recordCspViolations } from './csp-violations';
import { runLabScenario } from './lab-scenario';

test('browser mode: start, watch, join, terminate and kill real workers; bad input is refused', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') console.log(`page: ${message.type()}: ${message.text()}`);
    });
    const cspViolations = await recordCspViolations(page);
    await page.goto(server.url);
    await runLabScenario(page, server.child.pid!, 'browser');
    // The whole scenario ran under the page's strict policy, and nothing it does was refused.
    expect(await cspViolations()).toEqual([]);
    // Threads report the host's pid; the three forked processes have their own.
    const pids = server.events.flatMap((event) => (event.type === 'worker.spawned' && event.pid !== server.child.pid ? [event.pid] : []));
    expect(pids).toHaveLength(3);

    // Stopping the lab (SIGTERM to the host) leaves none of its workers behind.
    await server.stop('SIGTERM');
    await waitFor('every worker process to end', () => pids.every((pid) => !isRunning(pid)), 5_000);
  } finally {
    server.child.kill('SIGKILL');
  }
});
