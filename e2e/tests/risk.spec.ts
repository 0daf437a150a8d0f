import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { pickSymbol } from './support/symbols'
import { snap } from './support/screens'

/**
 * Risk controls on the demo market: a trader sets a daily loss limit on an account and buys
 * with a bracket stop; a market-data feed (the live-ingest API, with an admin's MARKET key)
 * pushes the price down until the limit is breached, and the account is squared off and
 * blocked. Then the trader presses the global panic: a banner shows on every page and orders
 * are refused until the panic is re-armed. Re-armed and re-enabled, the trader trades again.
 */

const USERNAME = 'rekha'
const PASSWORD = 'stop loss at the open'
const SYMBOL = 'TCS'
// The admin of auth.spec.ts; when this file runs alone it registers first and is admin.
const ADMIN = { username: 'asha', password: 'nifty fifty at nine fifteen' }

async function graphql(request: APIRequestContext, query: string, variables: object, token?: string) {
  const response = await request.post('/graphql', {
    data: { query, variables },
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  })
  expect(response.ok()).toBe(true)
  return (await response.json()) as { data: Record<string, Record<string, unknown>> }
}

/** An admin API key with the MARKET scope, as a data vendor's feed would hold. */
async function marketKey(request: APIRequestContext): Promise<string> {
  const auth = '__typename ... on AuthSuccess { accessToken user { role } }'
  const input = { username: ADMIN.username, password: ADMIN.password }
  let session = (await graphql(request, `mutation($input: LoginInput!) { login(input: $input) { ${auth} } }`, { input })).data.login
  if (session.__typename !== 'AuthSuccess') {
    session = (await graphql(request, `mutation($input: RegisterInput!) { register(input: $input) { ${auth} } }`, { input })).data
      .register
  }
  expect(session).toMatchObject({ __typename: 'AuthSuccess', user: { role: 'ADMIN' } })
  const created = await graphql(
    request,
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename ... on CreateApiKeySuccess { secret } } }',
    { input: { name: 'risk feed', scopes: ['READ', 'MARKET'] } },
    session.accessToken as string,
  )
  return created.data.createApiKey.secret as string
}

/** Push one tick of `price` for the symbol through the live-ingest API. */
async function pushTick(request: APIRequestContext, key: string, price: number) {
  const ltp = price.toFixed(2)
  const response = await request.post('/api/market/ticks', {
    headers: { 'X-API-Key': key },
    data: { ticks: [{ symbol: SYMBOL, exchange: 'NSE', ltp, bid: (price - 0.05).toFixed(2), ask: (price + 0.05).toFixed(2), volume: 1000 }] },
  })
  expect(response.status(), await response.text()).toBe(200)
}

async function buy(page: Page, quantity: string, stopLoss?: string) {
  await page.goto(`/trade`)
  await pickSymbol(page, SYMBOL)
  await expect(page.getByTestId('quote-ltp')).toBeVisible()
  await page.getByTestId('ticket-quantity').fill(quantity)
  if (stopLoss) await page.getByTestId('ticket-stop-loss').fill(stopLoss)
  await page.getByTestId('place-order').click()
}

function scopeCard(page: Page, label: string) {
  return page.locator(`[data-testid="risk-scope"][data-label="${label}"]`)
}

test.describe.serial('risk controls: a daily loss limit, the square-off and the global panic', () => {
  let context: BrowserContext
  let page: Page
  let key = ''
  let problems: string[] = []

  test.beforeAll(async ({ browser }: { browser: Browser }) => {
    context = await browser.newContext()
    page = await context.newPage()
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
    })
  })
  test.afterAll(async () => {
    await context.close()
  })
  test.beforeEach(() => {
    problems = []
  })
  test.afterEach(() => {
    expect(problems, 'errors in the browser console').toEqual([])
  })

  test('a trader sets a daily loss limit on an account and sees its headroom', async ({ request }) => {
    key = await marketKey(request)
    await page.goto('/register')
    await page.getByLabel('Username').fill(USERNAME)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Confirm password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible()

    await page.goto('/accounts')
    const form = page.getByRole('form', { name: 'Create trading account' })
    await form.getByLabel('Label').fill('Intraday')
    await form.getByLabel('Starting capital').fill('1000000')
    await form.getByRole('button', { name: 'Create account' }).click()
    await expect(page.getByTestId('account-created')).toContainText('Intraday')

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Risk', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Risk', exact: true })).toBeVisible()
    const card = scopeCard(page, 'Intraday')
    await expect(card).toContainText('No live limits set')
    await card.getByRole('button', { name: 'Edit limits of Intraday' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Daily loss limit').fill('5000')
    await dialog.getByLabel('On a breach').selectOption('SQUARE_OFF')
    await dialog.getByRole('button', { name: 'Save limits' }).click()
    await expect(dialog).toBeHidden()
    await expect(card.locator('[data-testid="headroom"][data-rule="DAILY_LOSS_LIMIT"]')).toContainText('limit ₹5,000.00')
  })

  test('prices pushed down breach the limit: the account is squared off and blocked', async ({ request }) => {
    await buy(page, '100', '400')
    await expect(page.getByTestId('order-outcome')).toContainText(`Filled: BUY 100 ${SYMBOL} MIS`)
    const price = Number((await page.getByTestId('quote-ltp').textContent())?.replace(/[^\d.]/g, ''))
    expect(price).toBeGreaterThan(0)

    await page.goto('/positions')
    const row = page.locator(`[data-testid="position-row"][data-symbol="${SYMBOL}"]`)
    await expect(row).toHaveAttribute('data-quantity', '100')
    await expect(row.getByTestId('position-stops')).toContainText('SL')

    await page.goto('/risk')
    const card = scopeCard(page, 'Intraday')
    const bar = card.locator('[data-testid="headroom"][data-rule="DAILY_LOSS_LIMIT"]')
    await expect(bar).toBeVisible()
    // The feed falls, tick by tick, about 1% a tick: roughly ₹3,000 a tick on 100 shares.
    for (let step = 1; step <= 10; step++) {
      const used = await bar.getAttribute('data-used')
      await pushTick(request, key, price * (1 - step / 100))
      // Wait for the page to show this tick's loss (or the block), not for a fixed time.
      await expect
        .poll(async () => (await card.getByTestId('scope-blocked').count()) > 0 || (await bar.getAttribute('data-used')) !== used)
        .toBe(true)
      if ((await card.getByTestId('scope-blocked').count()) > 0) break
    }
    await expect(card.getByTestId('scope-blocked')).toContainText('Daily loss limit')
    await expect(bar.getByTestId('headroom-left')).toContainText('Breached')
    const breach = page.locator('[data-testid="risk-event"][data-kind="BREACH"][data-rule="DAILY_LOSS_LIMIT"]')
    await expect(breach).toHaveCount(1)
    await expect(breach).toContainText('Squared off')
    await snap(page, 'risk-breached')

    await page.goto('/positions')
    await expect(row).toHaveAttribute('data-quantity', '0')
    await buy(page, '1')
    await expect(page.getByTestId('order-problem')).toContainText('Refused by a risk limit')
  })

  test('the global panic stops everything and shows a banner on every page until re-armed', async ({ request }) => {
    await page.goto('/risk')
    await expect(page.getByTestId('panic-banner')).toHaveCount(0)
    await page.getByTestId('panic-all').click()
    const dialog = page.getByRole('alertdialog')
    await dialog.getByRole('button', { name: 'Stop everything' }).click()
    await expect(dialog.getByText('Say why, in a few words')).toBeVisible() // a reason is required
    await dialog.getByLabel('Reason').fill('the feed looks wrong')
    await dialog.getByRole('button', { name: 'Stop everything' }).click()
    await expect(dialog).toBeHidden()
    await expect(page.getByTestId('panic-banner')).toContainText('the feed looks wrong')
    await expect(page.locator('[data-testid="risk-event"][data-kind="PANIC"]')).toHaveCount(1)
    await snap(page, 'risk-panic')

    for (const path of ['/', '/positions', '/blotter']) {
      await page.goto(path)
      await expect(page.getByTestId('panic-banner')).toContainText(`Pressed by ${USERNAME}`)
    }
    await buy(page, '1')
    await expect(page.getByTestId('order-problem')).toContainText('Trading is stopped (panic)')
    await expect(page.getByTestId('panic-banner')).toBeVisible()
    await pushTick(request, key, 3000) // ticks go on; the panic does not lift by itself
    await expect(page.getByTestId('panic-banner')).toBeVisible()
  })

  test('re-armed and re-enabled, the trader trades again', async () => {
    await page.goto('/risk')
    await page.getByTestId('rearm-all').click()
    let dialog = page.getByRole('alertdialog')
    await dialog.getByLabel('Reason').fill('feed checked')
    await dialog.getByRole('button', { name: 'Re-arm' }).click()
    await expect(dialog).toBeHidden()
    await expect(page.getByTestId('panic-banner')).toHaveCount(0)

    const card = scopeCard(page, 'Intraday')
    // Today's loss still counts against the limit: raise it, then re-enable the account.
    await card.getByRole('button', { name: 'Edit limits of Intraday' }).click()
    const limits = page.getByRole('dialog')
    await limits.getByLabel('Daily loss limit').fill('50000')
    await limits.getByRole('button', { name: 'Save limits' }).click()
    await expect(limits).toBeHidden()
    await card.getByRole('button', { name: 'Re-enable' }).click()
    dialog = page.getByRole('alertdialog')
    await dialog.getByLabel('Reason').fill('new session plan')
    await dialog.getByRole('button', { name: 'Re-enable' }).click()
    await expect(dialog).toBeHidden()
    await expect(card.getByTestId('scope-blocked')).toHaveCount(0)

    await buy(page, '1')
    await expect(page.getByTestId('order-outcome')).toContainText(`Filled: BUY 1 ${SYMBOL} MIS`)
  })
})
