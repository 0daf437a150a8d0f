import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeClient, type FakeHandler } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { StrategyBuilderPage } from './StrategyBuilderPage'

const param = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'StrategyParam',
  name,
  type,
  default: null,
  required: false,
  nullable: false,
  min: null,
  max: null,
  minExclusive: false,
  maxExclusive: false,
  choices: null,
  description: null,
  appliesWhen: null,
  ...extra,
})

const strategies: FakeHandler = () => ({
  data: {
    strategies: [
      {
        __typename: 'StrategyInfo',
        name: 'sma_cross',
        title: 'SMA cross',
        description: 'Long when SMA(fast) crosses above SMA(slow).',
        rules: 'Enter on the cross.',
        parameters: [
          param('sizing.kind', 'ENUM', { default: 'fraction', choices: ['quantity', 'fraction'] }),
          param('sizing.quantity', 'INT', { required: true, min: 0, minExclusive: true, appliesWhen: 'sizing.kind=quantity' }),
          param('allow_short', 'BOOL', { default: 'false', description: 'Go short on sell signals' }),
          param('fast', 'INT', { default: '10', min: 1, description: 'Bars in the fast average' }),
          param('slow', 'INT', { default: '20', min: 2 }),
        ],
      },
    ],
  },
})

const run = {
  __typename: 'BacktestRun',
  id: 'r1',
  label: null,
  strategy: 'sma_cross',
  params: {},
  symbols: ['TCS'],
  interval: 'D1',
  from: null,
  to: null,
  cash: '1000000',
  charges: 'zerodha',
  slippageBps: '0',
  fillAt: 'NEXT_OPEN',
  status: 'QUEUED',
  progressPct: 0,
  etaSeconds: null,
  error: null,
  codeVersion: '0.1.0',
  createdAt: '2026-11-23T10:00:00+00:00',
  finishedAt: null,
}

/** Stands in for the app's instrument search (composed in by the routes). */
const pickTcs = (onPick: (symbol: string) => void) => (
  <button type="button" onClick={() => onPick('TCS')}>
    pick TCS
  </button>
)

describe('the strategy builder', () => {
  it('generates the form from the schema and shows a conditional field only when it applies', async () => {
    renderWith(<StrategyBuilderPage symbolSearch={pickTcs} />, { client: fakeClient({ BtStrategies: strategies }).client })
    expect(await screen.findByTestId('param-fast')).toHaveValue('10')
    expect(screen.getByText(/Bars in the fast average · ≥ 1/)).toBeInTheDocument()
    expect(screen.queryByTestId('param-sizing.quantity')).not.toBeInTheDocument()
    await userEvent.setup().selectOptions(screen.getByTestId('param-sizing.kind'), 'quantity')
    expect(screen.getByTestId('param-sizing.quantity')).toBeInTheDocument()
  })

  it('checks the form before sending anything', async () => {
    const fake = fakeClient({ BtStrategies: strategies })
    renderWith(<StrategyBuilderPage symbolSearch={pickTcs} />, { client: fake.client })
    const user = userEvent.setup()
    await user.clear(await screen.findByTestId('param-slow'))
    await user.type(screen.getByTestId('param-slow'), '1')
    await user.click(screen.getByTestId('run-backtest'))
    expect(await screen.findByText('Enter 2 or more.')).toBeInTheDocument()
    expect(screen.getByText(/Add at least one symbol/)).toBeInTheDocument()
    expect(fake.calls.map((c) => c.name)).not.toContain('BtRunBacktest')
  })

  it('sends typed parameters and follows the run’s progress', async () => {
    const fake = fakeClient({
      BtStrategies: strategies,
      BtRunBacktest: () => ({ data: { runBacktest: { __typename: 'RunBacktestSuccess', run } } }),
      BtProgress: () => ({ data: { backtestProgress: { __typename: 'BacktestProgress', id: 'r1', status: 'RUNNING', percent: 42.4, etaSeconds: 12, error: null } } }),
    })
    renderWith(<StrategyBuilderPage symbolSearch={pickTcs} />, { client: fake.client })
    const user = userEvent.setup()
    await user.clear(await screen.findByTestId('param-fast'))
    await user.type(screen.getByTestId('param-fast'), '5')
    await user.click(screen.getByText('pick TCS'))
    await user.click(screen.getByTestId('run-backtest'))
    await waitFor(() => expect(screen.getByTestId('run-progress-text')).toHaveTextContent('42% · ETA about 12 s'))
    const sent = fake.calls.find((c) => c.name === 'BtRunBacktest')?.variables.input as Record<string, unknown>
    expect(sent).toMatchObject({ strategy: 'sma_cross', symbols: ['TCS'], interval: 'D1', cash: '1000000', fillAt: 'NEXT_OPEN' })
    expect(sent.params).toEqual({ 'sizing.kind': 'fraction', allow_short: false, fast: 5, slow: 20 })
    expect(screen.getByTestId('cancel-run')).toBeInTheDocument()
  })

  it('puts the server’s refusal next to the field it is about', async () => {
    const fake = fakeClient({
      BtStrategies: strategies,
      BtRunBacktest: () => ({
        data: { runBacktest: { __typename: 'InvalidInput', message: 'fast must be below slow; lower fast.', code: 'INVALID', field: 'fast' } },
      }),
    })
    renderWith(<StrategyBuilderPage symbolSearch={pickTcs} />, { client: fake.client })
    const user = userEvent.setup()
    await user.click(await screen.findByText('pick TCS'))
    await user.click(screen.getByTestId('run-backtest'))
    await waitFor(() => expect(screen.getByText('fast must be below slow; lower fast.')).toBeInTheDocument())
  })
})
