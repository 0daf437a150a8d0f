import { type Page } from '@playwright/test'

/** Type `symbol` into the page's Symbol search and pick its option.
 *
 * The box is centred first. Near the bottom of the window, the results open above the box;
 * the click then scrolls the option into view, the list re-anchors below the box, and the
 * click lands where the option was (seen in CI: the pick was silently lost). The caller
 * checks what the pick should show, as it differs from page to page. */
export async function pickSymbol(page: Page, symbol: string) {
  const box = page.getByRole('combobox', { name: 'Symbol' })
  await box.evaluate((input) => input.scrollIntoView({ block: 'center' }))
  await box.fill(symbol)
  await page.getByTestId('symbol-results').getByRole('option', { name: new RegExp(`^${symbol}\\b`) }).first().click()
}
