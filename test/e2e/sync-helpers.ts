/// <reference lib="dom" />
// Code passed to evaluate() runs in the page, with the DOM.
import { expect, type Locator, type Page } from '@playwright/test';
import type { LabEvent } from '../../src/shared/protocol';

/** What a user does in the Sync view, for the sync specs: find a region, create a primitive, start a thread. */

export function region(page: Page, name: string): Locator {
  return page.getByRole('region', { name });
}

export async function newPrimitive(page: Page, fields: { kind: string; name: string; maxsize?: string; value?: string }): Promise<Locator> {
  await region(page, 'Locks').getByRole('button', { name: 'New primitive' }).click();
  const dialog = page.getByRole('dialog', { name: 'New primitive' });
  await dialog.getByLabel('Kind', { exact: true }).selectOption(fields.kind);
  await dialog.getByLabel('Name', { exact: true }).fill(fields.name);
  if (fields.maxsize !== undefined) await dialog.getByLabel('Maxsize', { exact: true }).fill(fields.maxsize);
  if (fields.value !== undefined) await dialog.getByLabel('Value (initial)', { exact: true }).fill(fields.value);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  return dialog;
}

/** Start thread workers (one unless `count`) with a task that uses primitives; `fields` are the task's labelled inputs. */
export async function startThread(page: Page, prefix: string, task: string, fields: Readonly<Record<string, string>>, count = 1): Promise<void> {
  await page.getByRole('button', { name: 'Start workers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start workers' });
  await dialog.getByLabel('Kind', { exact: true }).selectOption('thread');
  await dialog.getByLabel('Count', { exact: true }).fill(String(count));
  await dialog.getByLabel('Name prefix', { exact: true }).fill(prefix);
  await dialog.getByLabel('Task', { exact: true }).selectOption(task);
  await fillAll(dialog, fields);
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(dialog).toBeHidden();
}

export async function fillAll(dialog: Locator, fields: Readonly<Record<string, string>>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
}

export function workerIdOf(events: readonly LabEvent[], name: string): string | undefined {
  for (const event of events) if (event.type === 'worker.starting' && event.worker.name === name) return event.worker.id;
  return undefined;
}

/** Two boxes that share no area. */
export function apart(a: Box, b: Box): boolean {
  return a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Every box of `locator`, in order. */
export async function boxesOf(locator: Locator): Promise<Box[]> {
  return locator.evaluateAll((elements) => elements.map((element) => {
    const { x, y, width, height } = element.getBoundingClientRect();
    return { x, y, width, height };
  }));
}
