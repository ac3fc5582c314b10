import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemClock } from '../core/clock';
import { createLab } from '../core/lab';
import { describeStop } from '../core/supervisor/stop-summary';
import { parseArgs, USAGE } from './args';
import { startLabServer } from './http-server';
import { createLastResort, UNEXPECTED_ERROR_BUDGET } from './last-resort';
import { openBrowser } from './open-browser';
import { liveRecording } from './recording-route';
import { serveReplay } from './serve-replay';

/** How long the pages get to close their connections once the lab has stopped. */
const SERVER_CLOSE_WAIT_MS = 300;

/** Browser mode's command line: the lab core, served on 127.0.0.1 with a token, until Ctrl-C. */
async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed.ok === 'help') return void console.log(USAGE);
  if (!parsed.ok) {
    console.error(`concurrency-lab: ${parsed.error}\n${USAGE}`);
    process.exit(2);
  }
  const options = parsed.options;
  const rendererRoot = join(__dirname, '..', 'renderer');
  if (!existsSync(join(rendererRoot, 'index.html'))) {
    console.error('concurrency-lab: the user interface is not built yet; run `npm run build` first.');
    process.exit(1);
  }
  const replay = options.replay;
  if (replay !== undefined) return serveReplay({ ...options, replay }, rendererRoot);
  const lab = createLab({
    entries: { thread: join(__dirname, 'worker-thread.js'), process: join(__dirname, 'worker-process.js') },
    sampler: options.sampler,
    scenarioFolders: options.scenarios.map((folder) => resolve(folder)),
    config: {
      ...(options.samplePeriodMs !== undefined && { samplePeriodMs: options.samplePeriodMs }),
      ...(options.gracePeriodMs !== undefined && { gracePeriodMs: options.gracePeriodMs }),
      ...(options.maxLiveWorkers !== undefined && { maxLiveWorkers: options.maxLiveWorkers }),
    },
  });
  let server;
  try {
    server = await startLabServer({ lab, recording: liveRecording(lab, systemClock), exports: lab, rendererRoot, host: options.host, port: options.port });
  } catch (error) {
    console.error(`concurrency-lab: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
    await lab.stop('could not listen');
    process.exit(1);
  }
  console.log(`Concurrency Lab is serving ${server.url}  (Ctrl-C to stop)`);
  console.log(`A Python script from a terminal, observed by this lab:\n  ${lab.pythonFromTerminal()}`);
  if (options.host !== '127.0.0.1' && options.host !== 'localhost') {
    console.warn(`concurrency-lab: bound to ${options.host}: anyone who can reach it and has the token can start processes here.`);
  }
  if (options.open) openBrowser(server.url);

  let stopping = false;
  const stop = (reason: string, code: number) => {
    if (stopping) {
      console.error('concurrency-lab: stopping now, without waiting for workers.');
      process.exit(code || 130);
    }
    stopping = true;
    void lab
      .stop(reason)
      .then((summary) => {
        console.log(`Concurrency Lab stopped in ${(summary.tookMs / 1000).toFixed(2)} s: ${reason}.`);
        for (const line of describeStop(summary)) console.log(`  ${line}`);
        // The pages are told the lab stopped; one that does not answer must not hold the exit up.
        return Promise.race([server.close(), new Promise((resolve) => setTimeout(resolve, SERVER_CLOSE_WAIT_MS))]);
      })
      .finally(() => process.exit(code));
  };
  process.on('SIGINT', () => stop('interrupted (SIGINT)', 0));
  process.on('SIGTERM', () => stop('asked to stop (SIGTERM)', 0));
  process.on('SIGHUP', () => stop('terminal closed (SIGHUP)', 0));
  // Unhandled rejections arrive here too (Node's default turns them into uncaught exceptions).
  const lastResort = createLastResort(systemClock);
  process.on('uncaughtException', (error) => {
    if (stopping) return void console.error('concurrency-lab: unexpected error while stopping:', error);
    if (lastResort() === 'carry on') {
      return void console.error('concurrency-lab: unexpected error; the lab carries on (please report it):', error);
    }
    console.error(`concurrency-lab: ${UNEXPECTED_ERROR_BUDGET.count} unexpected errors within ${UNEXPECTED_ERROR_BUDGET.withinMs / 1000} s; stopping the lab:`, error);
    stop('unexpected errors', 1);
  });
}

void main();
