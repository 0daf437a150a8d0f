import { describe, expect, it } from 'vitest'
import { tradesCsv, type CsvTrade } from './csv'

const trade: CsvTrade = {
  symbol: 'RELIANCE',
  entryTime: '2025-01-02T03:45:00+00:00',
  exitTime: '2025-01-09T03:45:00+00:00',
  size: -10,
  entryPrice: '1234.50',
  exitPrice: '1200.05',
  pnl: '344.50',
  returnPct: 2.79,
  charges: '12.34',
  exitReason: 'SIGNAL',
}

describe('the trades CSV', () => {
  it('has the CLI’s snake_case columns and keeps money exact', () => {
    const lines = tradesCsv([trade]).split('\r\n')
    expect(lines[0]).toBe('symbol,entry_time,exit_time,size,entry_price,exit_price,pnl,return_pct,charges,exit_reason')
    expect(lines[1]).toBe('RELIANCE,2025-01-02T03:45:00+00:00,2025-01-09T03:45:00+00:00,-10,1234.50,1200.05,344.50,2.79,12.34,SIGNAL')
    expect(lines[2]).toBe('')
  })

  it('quotes fields with commas or quotes', () => {
    const csv = tradesCsv([{ ...trade, symbol: 'M&M', exitReason: 'STOP, "hard"' }])
    expect(csv.split('\r\n')[1]).toMatch(/^M&M,.*,"STOP, ""hard"""$/)
  })

  it('is just the header for no trades', () => {
    expect(tradesCsv([])).toBe('symbol,entry_time,exit_time,size,entry_price,exit_price,pnl,return_pct,charges,exit_reason\r\n')
  })
})
