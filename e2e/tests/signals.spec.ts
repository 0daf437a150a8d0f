import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test'
import { snap } from './support/screens'
import { createAccount } from './support/accounts'

/**
 * Signals on the demo market (start-server.sh: demo instruments, a market that never closes):
 * a trader creates three accounts with multipliers 1, 2 and 3, an algo that buys RELIANCE in
 * every account, and a JSON signal group linked to it. Webhooks posted from the test then show
 * up live, without a reload: the signal log, each account's position (1×, 2× and 3× the lot),
 * a duplicate, and the one trade the exit closes. Screenshots go to e2e/artifacts/.
 */

const USERNAME = 'meera'
const PASSWORD = 'alerts fire at the open'
const ALGO = 'Reliance momentum'
const GROUP = 'Momentum alerts'
const SYMBOL = 'RELIANCE'
const ACCOUNTS = [
  { label: 'Alpha', multiplier: '1' },
  { label: 'Beta', multiplier: '2' },
  { label: 'Gamma', multiplier: '3' },
]
const ENTRY = { signal: 'BUY_ENTRY', unique_id: 'e2e-1', symbol: SYMBOL }
const EXIT = { signal: 'BUY_EXIT', unique_id: 'e2e-1', symbol: SYMBOL }

function nav(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true })
}

function tab(page: Page, name: RegExp): Locator {
  return page.getByRole('tab', { name })
}

test.describe.serial('signals from a webhook to every account, live', () => {
  let context: BrowserContext
  let page: Page
  /** A second tab on Positions, opened before the webhooks, to see them arrive live. */
  let positions: Page
  let webhookUrl = ''
  let problems: string[] = []

  function watch(p: Page) {
    p.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    p.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
    })
  }

  function signalRows(action: string): Locator {
    return page.locator(`[data-testid="signal-row"][data-action="${action}"]`)
  }

  test.beforeAll(async ({ browser }: { browser: Browser }) => {
    context = await browser.newContext()
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
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

  test('a trader registers and creates accounts with multipliers 1, 2 and 3', async () => {
    await page.goto('/register')
    await page.getByLabel('Username').fill(USERNAME)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Confirm password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible()

    await nav(page, 'Accounts').click()
    for (const account of ACCOUNTS) await createAccount(page, { label: account.label, capital: '1000000', multiplier: account.multiplier })
    await expect(page.getByTestId('account-row')).toHaveCount(3)
  })

  test('creates an algo that buys RELIANCE in every account', async () => {
    await nav(page, 'Signals').click()
    await expect(page.getByRole('heading', { name: 'Signals', exact: true })).toBeVisible()
    await expect(page.getByTestId('signals-empty')).toContainText('Create a group, then paste its webhook URL into TradingView')

    await tab(page, /Algos/).click()
    await expect(page.getByTestId('algos-empty')).toBeVisible()
    const form = page.getByRole('form', { name: 'Create algo' })
    // Checked before sending: a name is required.
    await form.getByRole('button', { name: 'Create algo' }).click()
    await expect(form.getByText('Give the algo a name')).toBeVisible()

    await form.getByLabel('Name').fill(ALGO)
    const leg = form.getByRole('group', { name: 'Leg 1' })
    await expect(leg.getByLabel('Instrument')).toHaveValue('FIXED')
    await leg.getByLabel('Symbol').fill(SYMBOL)
    await leg.getByLabel('Lots').fill('1')
    // Up to four legs: add one, then take it away again.
    await form.getByRole('button', { name: 'Add leg' }).click()
    await form.getByRole('group', { name: 'Leg 2' }).getByLabel('Instrument').selectOption('OPTION')
    await expect(form.getByRole('group', { name: 'Leg 2' }).getByLabel('Strike')).toBeVisible()
    await form.getByRole('button', { name: 'Remove leg 2' }).click()
    await expect(form.getByRole('group', { name: 'Leg 2' })).toHaveCount(0)
    await expect(form.getByLabel('Target accounts')).toHaveValue('ALL')
    await snap(page, 'signals-algo-form')
    await form.getByRole('button', { name: 'Create algo' }).click()

    await expect(page.getByTestId('algo-saved')).toContainText(ALGO)
    const row = page.locator(`[data-testid="algo-row"][data-algo-name="${ALGO}"]`)
    await expect(row).toContainText(`${SYMBOL} × 1 lot`)
    await expect(row).toContainText('All accounts')
  })

  test('creates a JSON group linked to the algo, with its webhook URL, secret and payloads', async () => {
    await tab(page, /Groups/).click()
    await expect(page.getByTestId('groups-empty')).toBeVisible()
    const form = page.getByRole('form', { name: 'Create signal group' })
    await form.getByLabel('Name').fill(GROUP)
    await form.getByLabel('Source').selectOption({ label: 'JSON' })
    await form.getByLabel('Rate limit per minute').fill('120')
    const entryAlgos = form.getByRole('group', { name: 'Entry algos' })
    await entryAlgos.getByText(ALGO, { exact: true }).click()
    await expect(entryAlgos.getByRole('checkbox', { name: ALGO })).toBeChecked()
    await snap(page, 'signals-group-form')
    await form.getByRole('button', { name: 'Create group' }).click()

    const detail = page.getByTestId('group-detail')
    await expect(detail).toHaveAttribute('data-group-name', GROUP)
    await expect(page.getByTestId('group-item')).toHaveCount(1)
    await expect(page.getByTestId('group-settings')).toContainText(ALGO)
    await expect(page.getByTestId('group-settings')).toContainText('120 per minute')

    // The secret stays hidden until revealed.
    const secret = page.getByTestId('webhook-secret')
    await expect(secret).toHaveAttribute('data-revealed', 'false')
    await expect(secret).toHaveText(/^•+$/)
    await page.getByRole('button', { name: 'Reveal secret' }).click()
    await expect(secret).toHaveAttribute('data-revealed', 'true')
    await expect(secret).not.toHaveText(/•/)
    await page.getByRole('button', { name: 'Hide secret' }).click()

    // Rotating, after a confirmation, gives a new URL: the old one stops working.
    const firstUrl = ((await page.getByTestId('webhook-url').textContent()) ?? '').trim()
    expect(firstUrl).toMatch(/\/webhooks\/[\w-]+$/)
    await page.getByRole('button', { name: 'Rotate secret' }).click()
    const confirm = page.getByRole('alertdialog')
    await expect(confirm).toContainText('The old URL stops working at once')
    await confirm.getByRole('button', { name: 'Rotate secret' }).click()
    await expect(confirm).toBeHidden()
    await expect(page.getByTestId('secret-rotated')).toBeVisible()
    await expect(page.getByTestId('webhook-url')).not.toHaveText(firstUrl)
    webhookUrl = ((await page.getByTestId('webhook-url').textContent()) ?? '').trim()
    const stale = await page.request.post(firstUrl, { data: ENTRY })
    expect(stale.status()).toBe(404)

    await page.getByRole('button', { name: 'Copy webhook URL' }).click()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(webhookUrl)

    // Ready-to-paste bodies for this group, and curl commands to try it.
    await expect(page.getByTestId('payload-entry-code')).toContainText('"signal": "BUY_ENTRY"')
    await expect(page.getByTestId('payload-exit-code')).toContainText('"signal": "BUY_EXIT"')
    await expect(page.getByTestId('payload-curl-entry-code')).toContainText(webhookUrl)
    await expect(page.getByTestId('analytics-signals')).toHaveText('0')
    await snap(page, 'signals-group')
  })

  test('an entry webhook trades 1×, 2× and 3× the lot, live in the log and in positions', async () => {
    positions = await context.newPage()
    watch(positions)
    await positions.goto('/positions')
    await expect(positions.getByRole('heading', { name: 'Positions', exact: true })).toBeVisible()
    await expect(positions.getByTestId('positions-empty')).toBeVisible()
    await expect(positions.getByTestId('live-status')).toHaveText('Live')

    await page.bringToFront()
    await tab(page, /Signal log/).click()
    await expect(page.getByTestId('signals-empty')).toBeVisible()
    await expect(page.getByTestId('live-status')).toHaveText('Live')

    const answer = await page.request.post(`${webhookUrl}?wait=true`, { data: ENTRY })
    expect(answer.status()).toBe(200)
    const body = (await answer.json()) as { status: string; signals: { status: string; reason?: string | null }[] }
    expect(body.status).toBe('accepted')
    expect(body.signals[0]).toMatchObject({ status: 'executed' })

    // The log never reloaded: the signal came over the websocket.
    const entry = signalRows('BUY_ENTRY')
    await expect(entry).toHaveCount(1)
    await expect(entry).toHaveAttribute('data-status', 'EXECUTED')
    await expect(entry.getByTestId('signal-status')).toHaveText('Executed')
    await expect(entry).toContainText(GROUP)
    await expect(entry).toContainText(SYMBOL)
    await entry.getByRole('button', { name: /Show details/ }).click()
    const detail = page.getByTestId('signal-detail-row')
    await expect(detail.getByTestId('signal-raw-body')).toContainText('"unique_id":"e2e-1"')
    for (const [index, account] of ACCOUNTS.entries()) {
      const allocation = detail.locator(`[data-testid="allocation-row"][data-account-label="${account.label}"]`)
      await expect(allocation).toHaveAttribute('data-quantity', String(index + 1))
      await expect(allocation.getByTestId('allocation-status')).toHaveText('Open')
    }

    // Each account's position, in the other tab, without a reload.
    for (const [index, account] of ACCOUNTS.entries()) {
      const row = positions.locator(`[data-testid="position-row"][data-symbol="${SYMBOL}"]`).filter({ hasText: account.label })
      await expect(row).toHaveAttribute('data-quantity', String(index + 1))
    }
  })

  test('the same body again is logged as a duplicate', async () => {
    const answer = await page.request.post(webhookUrl, { data: ENTRY })
    expect(answer.status()).toBe(200)
    expect(await answer.json()).toMatchObject({ status: 'duplicate' })

    const entries = signalRows('BUY_ENTRY')
    await expect(entries).toHaveCount(2)
    await expect(page.locator('[data-testid="signal-row"][data-status="DUPLICATE"]')).toHaveCount(1)
    await expect(page.locator('[data-testid="signal-row"][data-status="DUPLICATE"]').getByTestId('signal-status')).toHaveText('Duplicate')
    // Positions did not move.
    await expect(positions.locator(`[data-testid="position-row"][data-symbol="${SYMBOL}"]`).filter({ hasText: 'Gamma' })).toHaveAttribute('data-quantity', '3')
    await snap(page, 'signals-log')
  })

  test('the exit closes every account: one trade in the Trades table', async () => {
    await tab(page, /Trades/).click()
    await expect(page.getByTestId('trades-empty')).toBeVisible()

    const answer = await page.request.post(`${webhookUrl}?wait=true`, { data: EXIT })
    expect(answer.status()).toBe(200)
    expect(await answer.json()).toMatchObject({ status: 'accepted', signals: [{ status: 'executed' }] })

    const trades = page.getByTestId('trade-row')
    await expect(trades).toHaveCount(1)
    await expect(trades).toHaveAttribute('data-symbol', SYMBOL)
    await expect(trades).toHaveAttribute('data-quantity', '6')
    await expect(trades).toContainText('Exit signal')
    await expect(trades.getByTestId('trade-pnl')).toContainText('₹')
    await trades.getByRole('button', { name: /Show accounts/ }).click()
    const allocations = page.getByTestId('trade-detail-row').getByTestId('allocation-row')
    await expect(allocations).toHaveCount(3)
    await expect(allocations.getByTestId('allocation-status')).toHaveText(['Closed', 'Closed', 'Closed'])
    await snap(page, 'signals-trades')

    // Positions are flat again in every account, and the log shows the exit.
    for (const account of ACCOUNTS) {
      const row = positions.locator(`[data-testid="position-row"][data-symbol="${SYMBOL}"]`).filter({ hasText: account.label })
      await expect(row).toHaveAttribute('data-quantity', '0')
    }
    await tab(page, /Signal log/).click()
    await expect(signalRows('BUY_EXIT')).toHaveAttribute('data-status', 'EXECUTED')
    await tab(page, /Groups/).click()
    await expect(page.getByTestId('analytics-trades')).toHaveText('1')
    await expect(page.getByTestId('analytics-signals')).toHaveText('3')
    await positions.close()
  })
})
