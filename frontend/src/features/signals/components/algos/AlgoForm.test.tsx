import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeClient } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { AlgoForm } from './AlgoForm'

const ACCOUNTS = [{ __typename: 'Account' as const, id: 'acc1', label: 'Alpha', multiplier: '1.00', tags: ['intraday'] }]

describe('creating an algo', () => {
  it('sends an option leg by its strike rule and puts the server’s leg error on that leg', async () => {
    const fake = fakeClient({
      CreateAlgo: () => ({
        data: { createAlgo: { __typename: 'InvalidInput', message: 'No NIFTY options expire next week.', code: 'INVALID_INPUT', field: 'legs[1].selection.strikeOffset' } },
      }),
    })
    const user = userEvent.setup()
    renderWith(<AlgoForm accounts={ACCOUNTS} onSaved={() => {}} />, { client: fake.client })
    await user.type(screen.getByLabelText(/Name/), 'NIFTY straddle')
    const first = screen.getByRole('group', { name: 'Leg 1' })
    await user.type(within(first).getByLabelText('Symbol'), 'reliance')
    await user.click(screen.getByRole('button', { name: 'Add leg' }))
    const second = screen.getByRole('group', { name: 'Leg 2' })
    await user.selectOptions(within(second).getByLabelText('Instrument'), 'OPTION')
    await user.type(within(second).getByLabelText('Underlying'), 'nifty')
    await user.selectOptions(within(second).getByLabelText('Option type'), 'PE')
    await user.selectOptions(within(second).getByLabelText('Expiry'), 'NEXT_WEEK')
    await user.selectOptions(within(second).getByLabelText('Strike'), 'OFFSET')
    await user.clear(within(second).getByLabelText('Strikes from ATM'))
    await user.type(within(second).getByLabelText('Strikes from ATM'), '-2')
    await user.selectOptions(screen.getByLabelText('Target accounts'), 'LIST')
    await user.click(screen.getByText('Alpha'))
    await user.click(screen.getByRole('button', { name: 'Create algo' }))

    expect(await within(second).findByText('No NIFTY options expire next week.')).toBeInTheDocument()
    expect(fake.calls[0]?.variables).toEqual({
      input: {
        name: 'NIFTY straddle',
        product: 'MIS',
        orderType: 'MARKET',
        legs: [
          { lots: 1, opposite: false, selection: { kind: 'FIXED', symbol: 'RELIANCE' } },
          {
            lots: 1,
            opposite: false,
            selection: { kind: 'OPTION', underlying: 'NIFTY', optionType: 'PE', expiryRule: 'NEXT_WEEK', strikeRule: 'OFFSET', strikeOffset: -2, targetPremium: null, targetDelta: null },
          },
        ],
        targets: { mode: 'LIST', tag: null, accountIds: ['acc1'] },
      },
    })
  })

  it('refuses a fifth leg', async () => {
    const user = userEvent.setup()
    renderWith(<AlgoForm accounts={ACCOUNTS} onSaved={() => {}} />, { client: fakeClient({}).client })
    for (let i = 0; i < 3; i++) await user.click(screen.getByRole('button', { name: 'Add leg' }))
    expect(screen.getByRole('group', { name: 'Leg 4' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Add leg' })).toBeDisabled()
  })
})
