import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { LabEvent } from '../../src/shared/protocol';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';

/**
 * What a new user missed in the first hour: reading what a worker printed, live, in Worker details; and
 * running a demo twice, by setting shared data back and by deleting primitives and creating them again.
 */

const PRINTER = join(__dirname, '..', 'fixtures', 'printer.mjs');

function region(page: Page, name: string): Locator {
  return page.getByRole('region', { name });
}

async function startWorkers(page: Page, fields: { kind: string; method?: string; count?: string; prefix: string; task?: string; values: Readonly<Record<string, string>> }) {
  await page.getByRole('button', { name: 'Start workers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start workers' });
  await dialog.getByLabel('Kind', { exact: true }).selectOption(fields.kind);
  if (fields.method !== undefined) await dialog.getByLabel('Method', { exact: true }).selectOption(fields.method);
  await dialog.getByLabel('Count', { exact: true }).fill(fields.count ?? '1');
  await dialog.getByLabel('Name prefix', { exact: true }).fill(fields.prefix);
  if (fields.task !== undefined) await dialog.getByLabel('Task', { exact: true }).selectOption(fields.task);
  for (const [label, value] of Object.entries(fields.values)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function newPrimitive(page: Page, kind: string, name: string, fields: Readonly<Record<string, string>> = {}): Promise<void> {
  await region(page, 'Locks').getByRole('button', { name: 'New primitive' }).click();
  const dialog = page.getByRole('dialog', { name: 'New primitive' });
  await dialog.getByLabel('Kind', { exact: true }).selectOption(kind);
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
}

const workerIdOf = (events: readonly LabEvent[], name: string) =>
  events.find((event): event is Extract<LabEvent, { type: 'worker.starting' }> => event.type === 'worker.starting' && event.worker.name === name)?.worker.id;

async function withServer(page: Page, body: (server: ServerProcess) => Promise<void>): Promise<void> {
  const server = await ServerProcess.start();
  try {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') console.log(`page: ${message.type()}: ${message.text()}`);
    });
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await body(server);
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
}

test('output: what a worker prints shows in Worker details, live, stdout and stderr apart', async ({ page }) => {
  await withServer(page, async (server) => {
    // A command line's output, and a thread's (a script that prints a result, a coloured warning, raw bytes).
    await startWorkers(page, { kind: 'process', method: 'command', prefix: 'echo', values: { Command: `sh -c 'echo result = 42; echo finished >&2'` } });
    await startWorkers(page, { kind: 'thread', prefix: 'printer', task: 'script', values: { 'Script path': PRINTER } });
    // One that prints as fast as it can for a while: the view follows its end, with the skipped part said.
    await startWorkers(page, { kind: 'process', method: 'spawn', prefix: 'flood', task: 'script', values: { 'Script path': PRINTER, Arguments: '["flood", 1500]' } });

    const tree = region(page, 'Process tree');
    const details = region(page, 'Worker details');
    const echo = workerIdOf(server.events, 'echo-1')!;
    await tree.locator(`tr[data-worker-id="${echo}"]`).click();
    await details.getByRole('button', { name: 'Output' }).click();
    const output = details.getByRole('region', { name: 'Output of echo-1' });
    await expect(output.getByRole('log', { name: 'Printed by echo-1' })).toContainText('result = 42');
    await expect(output.locator('.out-stderr').filter({ hasText: 'finished' })).toBeVisible();
    await screenshot(page, 'output-1-command');

    // The choice stays while the selection moves: the thread's output, with its escapes gone.
    const printer = workerIdOf(server.events, 'printer-1')!;
    await tree.locator(`tr[data-worker-id="${printer}"]`).click();
    const printed = details.getByRole('log', { name: 'Printed by printer-1' });
    await expect(printed).toContainText('result = 42');
    await expect(printed).toContainText('warning: slow');
    await expect(printed).not.toContainText('[31m');
    await details.getByRole('button', { name: 'stderr', exact: true }).click();
    await expect(printed).not.toContainText('result = 42');
    await details.getByRole('button', { name: 'Both', exact: true }).click();

    const flood = workerIdOf(server.events, 'flood-1')!;
    await tree.locator(`tr[data-worker-id="${flood}"]`).click();
    const flooded = details.getByRole('log', { name: 'Printed by flood-1' });
    await expect(flooded).toContainText(/last line \d+/, { timeout: 20_000 });
    await expect(flooded.locator('.output-gap').first()).toContainText('not shown');
    // It followed the end: the last line is in view.
    await expect(flooded.getByText(/last line \d+/)).toBeInViewport();
    // Scrolled back, it stays put and offers to follow again.
    await flooded.hover();
    await page.mouse.wheel(0, -100_000);
    await expect(details.getByRole('button', { name: 'Follow the end' })).toBeVisible();
    await screenshot(page, 'output-2-flood-scrolled-back');
    await details.getByRole('button', { name: 'Follow the end' }).click();
    await expect(flooded.getByText(/last line \d+/)).toBeInViewport();
    await screenshot(page, 'output-3-flood');
  });
});

test('a demo runs twice: reset the shared Value, delete primitives and create them again', async ({ page }) => {
  await withServer(page, async () => {
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const locks = region(page, 'Locks');
    await newPrimitive(page, 'Value', 'counter', { 'Value (initial)': '4' });
    await newPrimitive(page, 'Lock', 'counterLock');
    const counter = locks.locator('[data-primitive="counter"]');
    await expect(counter).toContainText('value 4');

    const race = (prefix: string) =>
      startWorkers(page, { kind: 'thread', count: '4', prefix, task: 'decrement', values: { Counter: 'counter', 'Lock (empty = none)': 'counterLock' } });
    await race('first');
    await expect(counter).toContainText('value 0');
    // Set it back and run again, same names.
    await locks.getByLabel('Value for counter', { exact: true }).fill('4');
    await locks.getByRole('button', { name: 'Set counter', exact: true }).click();
    await expect(counter).toContainText('value 4');
    await race('second');
    await expect(counter).toContainText('value 0');

    // A lock a worker holds cannot be deleted: the button says why.
    await startWorkers(page, { kind: 'thread', prefix: 'holder', task: 'acquire-in-order', values: { 'First lock': 'counterLock', 'Second lock': 'counterLock', 'Hold (ms)': '60000' } });
    const deleteLock = locks.getByRole('button', { name: 'Delete counterLock', exact: true });
    await expect(deleteLock).toBeDisabled();
    await expect(deleteLock).toHaveAttribute('title', /in use/);
    await screenshot(page, 'edit-1-in-use');
    await page.getByRole('button', { name: 'Terminate all' }).click();
    await expect(deleteLock).toBeEnabled();

    // Delete both and create them again under the same names: a third run from scratch.
    await deleteLock.click();
    await locks.getByRole('button', { name: 'Delete counter', exact: true }).click();
    await expect(locks.locator('[data-primitive="counter"]')).toHaveCount(0);
    await expect(locks.locator('[data-primitive="counterLock"]')).toHaveCount(0);
    await expect(region(page, 'Event log').getByText('deleted counter: the name is free again')).toBeVisible();
    await newPrimitive(page, 'Value', 'counter', { 'Value (initial)': '4' });
    await newPrimitive(page, 'Lock', 'counterLock');
    await race('third');
    await expect(counter).toContainText('value 0');

    // A Dict: add keys, delete one, clear; an Array: set an element, reset to zeros.
    await newPrimitive(page, 'Dict', 'd');
    const dict = locks.locator('[data-primitive="d"]');
    await locks.getByLabel('Key in d', { exact: true }).fill('n');
    await locks.getByLabel('Value for d', { exact: true }).fill('50');
    await locks.getByRole('button', { name: 'Set key of d', exact: true }).click();
    await locks.getByLabel('Key in d', { exact: true }).fill('ready');
    await locks.getByLabel('Value for d', { exact: true }).fill('true');
    await locks.getByRole('button', { name: 'Set key of d', exact: true }).click();
    await expect(dict).toContainText("{'n': 50, 'ready': True}");
    await newPrimitive(page, 'Array', 'a', { Length: '4' });
    const array = locks.locator('[data-primitive="a"]');
    await locks.getByLabel('Index in a', { exact: true }).fill('2');
    await locks.getByLabel('Value for a', { exact: true }).fill('7');
    await locks.getByRole('button', { name: 'Set element of a', exact: true }).click();
    await expect(array).toContainText('[0, 0, 7, 0]');
    // A List, made as manager.list(range(5)): append, set the last element, an index outside it refused.
    await locks.getByRole('button', { name: 'New primitive' }).click();
    const dialog = page.getByRole('dialog', { name: 'New primitive' });
    await dialog.getByLabel('Kind', { exact: true }).selectOption('List');
    await dialog.getByLabel('Name', { exact: true }).fill('l');
    await dialog.getByLabel('Items (initial)', { exact: true }).fill('[0, 1, 2, 3, 4]');
    await screenshot(page, 'edit-2-new-list');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toBeHidden();
    const list = locks.locator('[data-primitive="l"]');
    await expect(list).toContainText('[0, 1, 2, 3, 4]');
    await locks.getByLabel('Value for l', { exact: true }).fill('7');
    await locks.getByRole('button', { name: 'Append to l', exact: true }).click();
    await expect(list).toContainText('[0, 1, 2, 3, 4, 7]');
    await locks.getByLabel('Index in l', { exact: true }).fill('-1');
    await locks.getByLabel('Value for l', { exact: true }).fill('done');
    await locks.getByRole('button', { name: 'Set element of l', exact: true }).click();
    await expect(list).toContainText("[0, 1, 2, 3, 4, 'done']");
    await screenshot(page, 'edit-2-data');
    await locks.getByLabel('Index in l', { exact: true }).fill('6');
    await locks.getByRole('button', { name: 'Set element of l', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'IndexError' })).toContainText('list assignment index out of range');
    await locks.getByRole('button', { name: 'Clear l', exact: true }).click();
    await expect(list).toContainText('[]');
    await locks.getByRole('button', { name: 'Reset a to zeros', exact: true }).click();
    await expect(array).toContainText('[0, 0, 0, 0]');
    await locks.getByRole('button', { name: 'Delete key of d', exact: true }).click();
    await expect(dict).toContainText("{'n': 50}");
    // A key that is not there: refused in Python's words.
    await locks.getByRole('button', { name: 'Delete key of d', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'KeyError' })).toContainText("'ready'");
    await locks.getByRole('button', { name: 'Clear d', exact: true }).click();
    await expect(dict).toContainText('{}');
    await screenshot(page, 'edit-3-reset');

    // Close (Process.close()) the ended worker shown: it leaves the lists, and its details go with it.
    const details = region(page, 'Worker details');
    await expect(details).toContainText('third-1');
    await details.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(details).toContainText('no worker selected');
    await expect(details).not.toContainText('third-1');
    await screenshot(page, 'edit-4-closed');
  });
});
