import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { snap } from './support/screens'
import { createAccount } from './support/accounts'

/**
 * Options on the demo market: start-server.sh runs the synthetic feed, which quotes NIFTY's
 * option chains (bid, ask, LTP) from its index, so the chain is live without pushing ticks.
 * A trader opens the NIFTY chain, adds a leg by clicking an ask, builds an iron condor from the
 * template (four legs, a payoff chart with two breakevens), places it as one basket in two
 * accounts, and finds its eight fills in the blotter. Screenshots go to e2e/artifacts/.
 */

const USERNAME = 'kavya'
const PASSWORD = 'iron condor on expiry day'
const ACCOUNTS = ['Condor A', 'Condor B']

test.describe.serial('options: the chain, an iron condor and a basket to two accounts', () => {
  let context: BrowserContext
  let page: Page
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

  test('a trader opens the live NIFTY chain with the ATM marked', async () => {
    await page.goto('/register')
    await page.getByLabel('Username').fill(USERNAME)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Confirm password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible()
    await page.goto('/accounts')
    for (const label of ACCOUNTS) await createAccount(page, { label, capital: '5000000' })

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Options', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Options', exact: true })).toBeVisible()
    await expect(page.getByTestId('chain-underlying')).toHaveValue('NIFTY')
    await expect(page.getByTestId('chain-expiry')).not.toHaveValue('')
    const rows = page.getByTestId('chain-row')
    await expect(rows).toHaveCount(21) // ATM ± 10
    await expect(page.locator('[data-testid="chain-row"][data-atm="true"]')).toHaveCount(1)
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-connected', 'true')
    await expect(page.getByTestId('chain-spot')).not.toContainText('—')
    // The greek columns switch on and off.
    const chain = page.getByTestId('option-chain')
    await expect(chain.getByRole('columnheader', { name: 'Vega' })).toHaveCount(0)
    await page.getByRole('checkbox', { name: 'Vega' }).check({ force: true })
    await expect(chain.getByRole('columnheader', { name: 'Vega' })).toHaveCount(2)
    await page.getByRole('checkbox', { name: 'Δ' }).uncheck({ force: true })
    await expect(chain.getByRole('columnheader', { name: 'Δ' })).toHaveCount(0)
    await snap(page, 'options-chain')
  })

  test('a click on an ask adds a leg; the iron condor template builds four legs with two breakevens', async () => {
    const atm = page.locator('[data-testid="chain-row"][data-atm="true"]')
    await atm.getByTestId('chain-ask').first().click()
    await expect(page.getByTestId('leg-row')).toHaveCount(1)
    await expect(page.getByTestId('leg-row').first()).toHaveAttribute('data-side', 'BUY')
    await expect(page.getByTestId('payoff-chart')).toBeVisible()

    await expect(page.getByTestId('template-select')).toHaveValue('IRON_CONDOR')
    await page.getByTestId('build-template').click()
    const legs = page.getByTestId('leg-row')
    await expect(legs).toHaveCount(4)
    await expect(page.locator('[data-testid="leg-row"][data-side="SELL"]')).toHaveCount(2)
    await expect(page.locator('[data-testid="leg-row"][data-side="BUY"]')).toHaveCount(2)
    const chart = page.getByTestId('payoff-chart')
    await expect(chart).toHaveAttribute('data-breakevens', '2')
    await expect(chart.getByTestId('breakeven-marker')).toHaveCount(2)
    await expect(chart.getByTestId('spot-marker')).toHaveCount(1)
    await expect(page.getByTestId('metric-breakevens')).toContainText('·')
    // An iron condor's risk is capped on both sides.
    await expect(page.getByTestId('metric-max-profit')).not.toContainText('∞')
    await expect(page.getByTestId('metric-max-loss')).not.toContainText('∞')
    await snap(page, 'options-builder')
    // The chart draws with theme tokens: check it reads in dark mode too.
    const toggle = page.getByTestId('color-mode-toggle')
    await toggle.click()
    await expect(page.locator('html')).toHaveClass(/\bdark\b/)
    await snap(page, 'options-builder-dark')
    await toggle.click()
    await expect(page.locator('html')).toHaveClass(/\blight\b/)
  })

  test('the basket goes to two accounts: eight fills', async () => {
    for (const label of ACCOUNTS) await page.getByTestId('basket-panel').getByText(label, { exact: true }).click()
    await page.getByTestId('place-basket').click()
    const dialog = page.getByTestId('basket-confirm')
    await expect(dialog).toContainText('Place 4 legs in 2 accounts?')
    await dialog.getByTestId('confirm-basket').click()
    const results = page.getByTestId('basket-result')
    await expect(results).toHaveCount(2)
    for (const label of ACCOUNTS) {
      const result = results.filter({ hasText: label })
      await expect(result).toHaveAttribute('data-placed', 'true')
      await expect(result).toHaveAttribute('data-fills', '4')
    }
    await snap(page, 'options-basket')

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blotter', exact: true }).click()
    const fills = page.getByTestId('fills-table').getByTestId('fill-row')
    await expect(fills).toHaveCount(8)
    await expect(page.getByTestId('fills-table').locator('[data-testid="fill-row"][data-symbol$="CE"]')).toHaveCount(4)
    await expect(page.getByTestId('fills-table').locator('[data-testid="fill-row"][data-symbol$="PE"]')).toHaveCount(4)
  })
})
