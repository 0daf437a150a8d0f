import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test'
import { pickSymbol } from './support/symbols'
import { setColorMode, snap, snapBoth } from './support/screens'
import { createAccount } from './support/accounts'

/**
 * The trading journey on the demo market (start-server.sh loads the demo instruments and runs
 * the market with DALAL_SESSIONS=always, so it never closes): a trader registers, creates two
 * accounts, places a MARKET and a far-away LIMIT order, watches the fill arrive live in a
 * blotter open in a second tab, sees the position, cancels the resting order and squares off.
 * Screenshots of the dashboard, ticket, blotter and positions, light and dark, go to
 * e2e/artifacts/.
 */

const USERNAME = 'ravi'
const PASSWORD = 'square off at three twenty'

/** Both colour modes of the same screen. */

function nav(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true })
}

/** Pick `symbol` in the ticket's symbol search. */
async function chooseSymbol(page: Page, symbol: string) {
  await pickSymbol(page, symbol)
  await expect(page.getByTestId('live-quote')).toHaveAttribute('data-symbol', symbol)
  await expect(page.getByTestId('quote-ltp')).toBeVisible()
}

test.describe.serial('trading on the demo market', () => {
  let context: BrowserContext
  let page: Page
  /** A second tab on the blotter, opened before the orders, to see them arrive live. */
  let blotter: Page
  let problems: string[] = []

  function watch(p: Page) {
    p.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    p.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
    })
  }

  test.beforeAll(async ({ browser }: { browser: Browser }) => {
    context = await browser.newContext()
    page = await context.newPage()
    watch(page)
  })
  test.afterAll(async () => {
    await context.close()
  })
  test.beforeEach(() => {
    problems = []
  })
  test.afterEach(() => {
    // A page that throws or logs errors is broken even when the assertions pass.
    expect(problems, 'errors in the browser console').toEqual([])
  })

  test('a trader registers and sees the demo market in the header', async () => {
    await page.goto('/register')
    await page.getByLabel('Username').fill(USERNAME)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Confirm password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible()
    await expect(page.getByTestId('current-role')).toHaveText('Trader')
    await expect(page.getByTestId('market-status')).toHaveText('Demo market · always open')
    await expect(page.getByText('No accounts yet')).toBeVisible()
  })

  test('creates two accounts, moves cash and sees typed errors inline', async () => {
    await nav(page, 'Accounts').click()
    await expect(page.getByRole('heading', { name: 'Accounts', exact: true })).toBeVisible()
    await expect(page.getByTestId('accounts-empty')).toBeVisible()

    // Checked as you type: nothing is sent without a label and capital.
    const form = page.getByRole('form', { name: 'Create trading account' })
    await form.getByRole('button', { name: 'Create account' }).click()
    await expect(form.getByText('Give the account a label')).toBeVisible()
    await expect(form.getByText('Enter the starting capital.')).toBeVisible()

    await createAccount(page, { label: 'Intraday', capital: '1000000', tags: 'intraday, equity' })
    await createAccount(page, { label: 'Swing', capital: '500000', multiplier: '2', tags: 'swing', charges: 'Zero charges' })
    await expect(page.getByTestId('account-row')).toHaveCount(2)
    const swing = page.locator('[data-testid="account-row"][data-account-label="Swing"]')
    await expect(swing.getByTestId('account-cash')).toHaveText('₹5,00,000.00')
    await expect(swing).toContainText('Zero charges')

    await swing.getByRole('button', { name: 'Deposit cash for Swing' }).click()
    let dialog = page.getByRole('dialog')
    await dialog.getByLabel('Amount').fill('25000')
    await dialog.getByRole('button', { name: 'Deposit', exact: true }).click()
    await expect(dialog).toBeHidden()
    await expect(swing.getByTestId('account-cash')).toHaveText('₹5,25,000.00')

    // The server's typed refusal (InsufficientFunds) shows in the dialog with what to do.
    await swing.getByRole('button', { name: 'Withdraw cash for Swing' }).click()
    dialog = page.getByRole('dialog')
    await dialog.getByLabel('Amount').fill('9000000')
    await dialog.getByRole('button', { name: 'Withdraw', exact: true }).click()
    await expect(dialog.getByTestId('cash-error')).toContainText('withdraw that or less')
    await dialog.getByRole('button', { name: 'Close' }).click()
    await expect(dialog).toBeHidden()
    await snapBoth(page, 'accounts')
  })

  test('a MARKET order fills and shows up live in the blotter', async () => {
    blotter = await context.newPage()
    watch(blotter)
    await blotter.goto('/blotter')
    await expect(blotter.getByRole('heading', { name: 'Blotter', exact: true })).toBeVisible()
    await expect(blotter.getByTestId('live-status')).toHaveText('Live')
    await expect(blotter.getByText('No orders yet')).toBeVisible()

    await page.getByTestId('new-order').click()
    await expect(page.getByRole('heading', { name: 'Trade', exact: true })).toBeVisible()
    await chooseSymbol(page, 'RELIANCE')
    await page.getByTestId('ticket-account').selectOption({ label: 'Intraday' })
    await page.getByTestId('side-buy').click()
    await page.getByTestId('ticket-quantity').fill('5')
    await expect(page.getByRole('radiogroup', { name: 'Order type' }).getByRole('radio', { name: 'Market' })).toBeChecked()
    await expect(page.getByRole('radiogroup', { name: 'Product' }).getByRole('radio', { name: /MIS/ })).toBeChecked()
    // Previews: approximate margin (MIS 20%) and the round trip's charges from the server.
    await expect(page.getByTestId('margin-preview')).toContainText('20% of value')
    await expect(page.getByTestId('charges-preview')).toContainText('₹')
    await expect(page.getByTestId('candle-note')).toBeVisible()
    await expect(page.getByTestId('place-order')).toHaveText('Buy 5 RELIANCE')
    await snapBoth(page, 'order-ticket')

    await page.getByTestId('place-order').click()
    await expect(page.getByTestId('order-outcome')).toContainText('Filled: BUY 5 RELIANCE MIS')
    await expect(page.getByTestId('order-outcome')).toHaveAttribute('data-status', 'COMPLETE')

    // The other tab never reloaded: the order and its fill came over the websocket.
    await expect(blotter.locator('[data-testid="fill-row"][data-symbol="RELIANCE"]')).toHaveCount(1)
    await expect(blotter.locator('[data-testid="order-row"][data-symbol="RELIANCE"]')).toHaveAttribute('data-status', 'COMPLETE')
  })

  test('a LIMIT order far below the market rests, is checked on tick, and is cancelled', async () => {
    await chooseSymbol(page, 'INFY')
    await page.getByTestId('ticket-account').selectOption({ label: 'Intraday' })
    await page.getByRole('radiogroup', { name: 'Order type' }).getByText('Limit', { exact: true }).click()
    await page.getByTestId('ticket-quantity').fill('5')

    // 0.8 × LTP rounded down to a whole rupee: on the 0.10 tick and well below the market.
    const ltp = Number(await page.getByTestId('quote-ltp').getAttribute('data-ltp'))
    const tick = (await page.getByTestId('live-quote').textContent())?.match(/tick (\d+\.\d+)/)?.[1]
    expect(tick).toBe('0.10')
    const price = Math.floor(ltp * 0.8)
    expect(price).toBeGreaterThan(0)

    // Off the tick grid: said as you type, with the two nearest valid prices.
    await page.getByTestId('ticket-price').fill(`${price}.05`)
    await expect(page.getByText(`Price ${price}.05 is not a multiple of the tick size 0.10. Use ${price}.00 or ${price}.10.`)).toBeVisible()
    await page.getByTestId('ticket-price').fill(`${price}`)
    await expect(page.getByText(/is not a multiple of the tick size/)).toHaveCount(0)

    await page.getByTestId('place-order').click()
    await expect(page.getByTestId('order-outcome')).toContainText('Placed: BUY 5 INFY MIS')
    await expect(page.getByTestId('order-outcome')).toHaveAttribute('data-status', 'OPEN')

    const infy = blotter.locator('[data-testid="order-row"][data-symbol="INFY"]')
    await expect(infy).toHaveAttribute('data-status', 'OPEN')
    await expect(blotter.getByTestId('working-count')).toHaveText('1 working')
    await blotter.bringToFront()

    // Modify the resting order: the dialog checks the tick as you type, the server answers.
    await infy.getByRole('button', { name: 'Modify order BUY 5 INFY' }).click()
    const modify = blotter.getByRole('dialog')
    await modify.getByLabel('Quantity').fill('10')
    await modify.getByLabel('Price').fill(`${price + 1}.03`)
    await expect(modify.getByText(/is not a multiple of the tick size 0.10/)).toBeVisible()
    await modify.getByLabel('Price').fill(`${price + 1}`)
    await modify.getByRole('button', { name: 'Save changes' }).click()
    await expect(modify).toBeHidden()
    await expect(infy).toContainText('0 / 10')
    await expect(infy).toContainText(new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2 }).format(price + 1))
    await expect(infy).toHaveAttribute('data-status', 'OPEN')
    await snapBoth(blotter, 'blotter')

    await infy.getByRole('button', { name: 'Cancel order BUY 10 INFY' }).click()
    await expect(infy).toHaveAttribute('data-status', 'CANCELLED')
    await expect(infy.getByTestId('order-status')).toHaveText('Cancelled')
    await expect(infy.getByRole('button', { name: /Cancel order/ })).toHaveCount(0)
    await expect(blotter.getByTestId('working-count')).toHaveCount(0)
    await blotter.close()
    await page.bringToFront()
  })

  test('the dashboard shows the MTM of every account, live', async () => {
    await nav(page, 'Dashboard').click()
    await expect(page.getByTestId('portfolio-totals')).toBeVisible()
    await expect(page.getByTestId('account-card')).toHaveCount(2)
    const intraday = page.locator('[data-testid="account-card"][data-account-label="Intraday"]')
    await expect(intraday).toContainText('1 open position')
    await expect(page.getByTestId('live-status')).toHaveText('Live')
    // Let the P&L chart gather a few live samples before the screenshot.
    await expect
      .poll(async () => Number(await page.getByTestId('pnl-chart').getAttribute('data-samples')), {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(4)
    await snapBoth(page, 'dashboard-mtm')
  })

  test('the position shows with live P&L and squares off at market', async () => {
    await nav(page, 'Positions').click()
    await expect(page.getByRole('heading', { name: 'Positions', exact: true })).toBeVisible()
    const reliance = page.locator('[data-testid="position-row"][data-symbol="RELIANCE"]')
    await expect(reliance).toHaveAttribute('data-quantity', '5')
    await expect(reliance.getByTestId('position-ltp')).not.toHaveText('—')
    await expect(page.getByTestId('live-status')).toHaveText('Live')
    await snapBoth(page, 'positions')

    await reliance.getByRole('button', { name: /^Square off RELIANCE MIS/ }).click()
    const confirm = page.getByRole('alertdialog')
    await expect(confirm).toContainText('SELL 5 RELIANCE MIS')
    await confirm.getByRole('button', { name: 'Sell at market' }).click()
    await expect(page.getByTestId('square-off-notice')).toContainText('Squared off: SELL 5 RELIANCE MIS')
    await expect(reliance).toHaveAttribute('data-quantity', '0')
    await expect(reliance.getByRole('button', { name: /^Square off/ })).toHaveCount(0)
  })
})
