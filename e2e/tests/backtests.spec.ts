import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { pickSymbol } from './support/symbols'
import { setColorMode, snap } from './support/screens'

/**
 * Backtests and forward tests on demo data (start-server.sh: `dalal demo` stores two years of
 * synthetic daily bars for the demo stocks, and the synthetic feed moves prices live). The
 * demo trader configures `sma_cross` in the strategy builder, runs it on RELIANCE's daily bars
 * and watches its progress; the report shows the metrics, the equity and drawdown curves, the
 * candles with trade markers and the trades. The run is promoted to a forward test on
 * 1-minute candles; the dashboard shows its MTM, updated live at the next candle close. A
 * second run is compared with the first, and a 2×2 sweep maps a metric over fast and slow.
 * Screenshots go to e2e/artifacts/.
 */

const SYMBOL = 'RELIANCE'

test.describe.serial('backtests and forward tests on demo data', () => {
  let context: BrowserContext
  let page: Page
  let problems: string[] = []
  let reportUrl = ''

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

  test('the demo trader backtests sma_cross and reads the report', async () => {
    test.setTimeout(150_000)
    await page.goto('/login')
    await page.getByRole('button', { name: 'Sign in as demo' }).click()
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Strategies' }).click()
    await expect(page.getByRole('heading', { name: 'Strategies' })).toBeVisible()
    await expect(page.getByTestId('strategy-select')).toHaveValue('sma_cross')

    // The form is generated from the schema and checked before anything is sent.
    await page.getByTestId('param-fast').fill('0')
    await page.getByTestId('run-backtest').click()
    await expect(page.getByText('Enter 1 or more.')).toBeVisible()
    await expect(page.getByText('Add at least one symbol to trade')).toBeVisible()
    await page.getByTestId('param-fast').fill('5')
    await page.getByTestId('param-slow').fill('20')

    await pickSymbol(page, SYMBOL)
    await expect(page.getByTestId('chosen-symbol')).toHaveText(SYMBOL)
    await page.getByTestId('setup-label').fill('SMA 5/20 on RELIANCE')
    await snap(page, 'backtests-builder')

    await page.getByTestId('run-backtest').click()
    const progress = page.getByTestId('run-progress')
    await expect(progress).toBeVisible()
    await expect(progress).toHaveAttribute('data-status', 'DONE', { timeout: 60_000 })
    await expect(page.getByTestId('run-progress-text')).toHaveText('100%')
    await snap(page, 'backtests-progress-done')

    await page.getByTestId('open-report').click()
    await expect(page).toHaveURL(/\/backtests\/[0-9a-f-]{36}$/)
    reportUrl = page.url()
    const report = page.getByTestId('backtest-report')
    await expect(report).toHaveAttribute('data-status', 'DONE')
    await expect(page.getByRole('heading', { name: 'SMA 5/20 on RELIANCE' })).toBeVisible()
    // The metric cards, with real figures.
    await expect(page.getByTestId('metric')).toHaveCount(20)
    await expect(page.locator('[data-metric="returnPct"]')).toContainText(/%/)
    await expect(page.locator('[data-metric="finalEquity"]')).toContainText('₹')
    // The equity chart has its curve, the candles their trade markers.
    await expect(page.getByTestId('equity-chart')).not.toHaveAttribute('data-points', '0')
    await expect(page.getByTestId('equity-chart').locator('canvas').first()).toBeVisible()
    await expect(page.getByTestId('trades-chart')).not.toHaveAttribute('data-candles', '0')
    const rows = page.getByTestId('trade-row')
    await expect(rows.first()).toBeVisible()
    expect(await rows.count()).toBeGreaterThan(0)
    await expect(page.locator('[data-metric="nTrades"]')).toContainText(String(await rows.count()))

    // Sorting by P&L puts the best trade first.
    await page.getByTestId('sort-pnl').click()
    await expect(page.getByTestId('trades-table')).toHaveAttribute('data-sort', 'pnl:desc')

    // The trades download as CSV, built in the browser.
    const download = page.waitForEvent('download')
    await page.getByTestId('export-csv').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^backtest-sma_cross-.*-trades\.csv$/)
    await snap(page, 'backtests-report')
    await setColorMode(page, 'dark')
    await snap(page, 'backtests-report-dark')
    await setColorMode(page, 'light')
  })

  test('the run is promoted to a forward test whose MTM updates live', async () => {
    test.setTimeout(270_000)
    await page.goto(reportUrl)
    await page.getByTestId('promote').click()
    const dialog = page.getByTestId('promote-dialog')
    await expect(dialog).toBeVisible()
    await expect(page.getByTestId('promote-interval')).toHaveValue('M1')
    await page.getByTestId('promote-account').selectOption({ label: 'Core (charges: zerodha)' })
    await page.getByTestId('promote-confirm').click()

    await expect(page).toHaveURL(/\/forward-tests$/)
    const session = page.getByTestId('forward-test').first()
    await expect(session).toHaveAttribute('data-status', 'RUNNING')
    await expect(session).toContainText('sma_cross')
    await expect(session.getByTestId('forward-mtm')).toContainText('₹')
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-connected', 'true')

    // At the next 1-minute candle close the server recomputes MTM and pushes it. The page may
    // subscribe just after a close, so allow for a few; on a miss, say what the card showed.
    try {
      await expect(session.getByTestId('forward-updated')).not.toHaveAttribute('data-updated-at', '', {
        timeout: 190_000,
      })
    } catch (error) {
      const card = await session.innerText().catch(() => '(card gone)')
      throw new Error(`${(error as Error).message}\nThe forward-test card read:\n${card}`)
    }
    await expect(session.getByTestId('forward-updated')).toContainText('live ·')
    await expect(session.getByTestId('day-row').first()).toBeVisible()
    await snap(page, 'forward-tests-live')

    // Square off, after a confirmation.
    await session.getByTestId('square-off-forward-test').click()
    await page.getByTestId('square-off-forward-test-confirm').click()
    await expect(session).toHaveAttribute('data-status', 'SQUARED_OFF')

  })

  test('a second run is compared with the first, and a sweep maps return over two parameters', async () => {
    test.setTimeout(240_000)
    await page.goto('/strategies')
    await page.getByTestId('param-fast').fill('10')
    await page.getByTestId('param-slow').fill('40')
    await pickSymbol(page, SYMBOL)
    await expect(page.getByTestId('chosen-symbol')).toHaveText(SYMBOL)
    await page.getByTestId('setup-label').fill('SMA 10/40 on RELIANCE')
    // This one carries the paper desk's stops: a 3% stop-loss and a 5% trailing stop.
    await page.getByTestId('setup-stop-loss').fill('3%')
    await page.getByTestId('setup-trailing-stop').fill('5%')
    await page.getByTestId('run-backtest').click()
    await expect(page.getByTestId('run-progress')).toHaveAttribute('data-status', 'DONE', { timeout: 90_000 })
    await page.getByTestId('open-report').click()
    await expect(page.getByTestId('run-risk')).toContainText('SL 3% · TSL 5%')

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backtests' }).click()
    const rows = page.getByTestId('run-row')
    await expect(rows).toHaveCount(2)
    await expect(rows.first()).toContainText('SMA 10/40 on RELIANCE')
    await rows.nth(0).getByTestId('pick-run').click()
    await rows.nth(1).getByTestId('pick-run').click()
    await snap(page, 'backtests-runs')
    await page.getByTestId('compare-runs').click()
    await expect(page.getByTestId('compare-page')).toBeVisible()
    await expect(page.getByTestId('compare-table')).toContainText('SMA 5/20 on RELIANCE')
    await expect(page.getByTestId('compare-equity').locator('canvas').first()).toBeVisible()
    await expect(page.getByTestId('compare-equity')).not.toHaveAttribute('data-points', '0')
    await snap(page, 'backtests-compare')

    await page.goto('/backtests/sweep')
    await page.getByTestId('axis-0-values').fill('5, 10')
    await page.getByTestId('axis-1-values').fill('20, 40')
    await pickSymbol(page, SYMBOL)
    await expect(page.getByTestId('chosen-symbol')).toHaveText(SYMBOL)
    await page.getByTestId('run-sweep').click()
    await expect(page).toHaveURL(/\/backtests\/sweeps\//)
    await expect(page.getByTestId('sweep-page')).toHaveAttribute('data-status', 'DONE', { timeout: 150_000 })
    await expect(page.getByTestId('heat-cell')).toHaveCount(4)
    await expect(page.getByTestId('sweep-row')).toHaveCount(4)
    await page.getByTestId('heatmap-metric').selectOption('sharpe')
    await expect(page.getByTestId('heatmap')).toBeVisible()
    await snap(page, 'backtests-sweep')
  })
})
