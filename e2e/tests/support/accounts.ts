import { expect, type Page } from '@playwright/test'

export interface NewAccount {
  label: string
  capital: string
  multiplier?: string
  tags?: string
  /** The Charges select's visible label, e.g. 'Zero charges'. */
  charges?: string
}

/** Create a trading account through the Accounts page's form (the page must be open), and
 * wait until it is listed. */
export async function createAccount(page: Page, fields: NewAccount) {
  const form = page.getByRole('form', { name: 'Create trading account' })
  await form.getByLabel('Label').fill(fields.label)
  await form.getByLabel('Starting capital').fill(fields.capital)
  if (fields.multiplier) await form.getByLabel('Multiplier').fill(fields.multiplier)
  if (fields.tags) await form.getByLabel('Tags').fill(fields.tags)
  if (fields.charges) await form.getByLabel('Charges').selectOption({ label: fields.charges })
  await form.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByTestId('account-created')).toContainText(fields.label)
  await expect(page.locator(`[data-testid="account-row"][data-account-label="${fields.label}"]`)).toBeVisible()
}
