import { expect, test, type Locator, type Page } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';

/**
 * Value and Array with Python's typecodes from the UI: the form offers all thirteen, and the Locks table
 * shows what CPython's ctypes would hold, as Python prints it (Value('b', 200).value == -56).
 */

function region(page: Page, name: string): Locator {
  return page.getByRole('region', { name });
}

async function newPrimitive(page: Page, kind: string, name: string, typecode: string, fields: Readonly<Record<string, string>>): Promise<void> {
  await region(page, 'Locks').getByRole('button', { name: 'New primitive' }).click();
  const dialog = page.getByRole('dialog', { name: 'New primitive' });
  await dialog.getByLabel('Kind', { exact: true }).selectOption(kind);
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await expect(dialog.getByLabel('Typecode', { exact: true }).locator('option')).toHaveCount(13);
  await dialog.getByLabel('Typecode', { exact: true }).selectOption(typecode);
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('a Value and an Array of any typecode hold and show what CPython would', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const locks = region(page, 'Locks');

    await newPrimitive(page, 'Value', 'small', 'b', { 'Value (initial)': '200' });
    await expect(locks.locator('[data-primitive="small"]')).toContainText('value -56');
    await newPrimitive(page, 'Value', 'big', 'Q', { 'Value (initial)': '-1' });
    await expect(locks.locator('[data-primitive="big"]')).toContainText('value 18446744073709551615');
    await newPrimitive(page, 'Value', 'letter', 'c', { 'Value (initial)': 'a' });
    await expect(locks.locator('[data-primitive="letter"]')).toContainText("value b'a'");
    // A float into an integer typecode: Python's TypeError, in its words.
    await locks.getByLabel('Value for small', { exact: true }).fill('1.5');
    await locks.getByRole('button', { name: 'Set small', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'TypeError' })).toContainText("'float' object cannot be interpreted as an integer");

    await newPrimitive(page, 'Array', 'floats', 'f', { Length: '3' });
    await locks.getByLabel('Index in floats', { exact: true }).fill('0');
    await locks.getByLabel('Value for floats', { exact: true }).fill('0.1');
    await locks.getByRole('button', { name: 'Set element of floats', exact: true }).click();
    await expect(locks.locator('[data-primitive="floats"]')).toContainText('[0.10000000149011612, 0.0, 0.0]');
    await screenshot(page, 'typecodes');
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
