import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeClient } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import type { CsvTrade } from '../lib/csv'
import { TradesTable } from './TradesTable'

const trade = (symbol: string, exitTime: string, pnl: string): CsvTrade => ({
  symbol,
  entryTime: '2025-01-01T03:45:00+00:00',
  exitTime,
  size: 10,
  entryPrice: '100',
  exitPrice: '110',
  pnl,
  returnPct: 1,
  charges: '1',
  exitReason: 'SIGNAL',
})

const trades = [trade('AAA', '2025-01-03T03:45:00+00:00', '9.50'), trade('BBB', '2025-01-02T03:45:00+00:00', '-120'), trade('CCC', '2025-01-04T03:45:00+00:00', '1000')]

const symbols = () => screen.getAllByTestId('trade-row').map((row) => within(row).getAllByRole('cell')[0].textContent)

describe('the trades table', () => {
  it('starts in exit order and sorts by a clicked column, flipping on a second click', async () => {
    renderWith(<TradesTable trades={trades} daily />, { client: fakeClient({}).client })
    expect(symbols()).toEqual(['BBB', 'AAA', 'CCC'])
    const user = userEvent.setup()
    await user.click(screen.getByTestId('sort-pnl'))
    expect(symbols()).toEqual(['CCC', 'AAA', 'BBB'])
    expect(screen.getByTestId('sort-pnl')).toHaveAttribute('aria-sort', 'descending')
    await user.click(screen.getByTestId('sort-pnl'))
    expect(symbols()).toEqual(['BBB', 'AAA', 'CCC'])
  })

  it('says what to try when there are no trades', () => {
    renderWith(<TradesTable trades={[]} />, { client: fakeClient({}).client })
    expect(screen.getByTestId('no-trades')).toHaveTextContent('Try other parameters or a longer range.')
  })
})
