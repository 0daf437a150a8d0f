import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeClient } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { GroupForm } from './GroupForm'

const ALGOS = [{ id: 'a1', name: 'Reliance momentum' }]

describe('creating a signal group', () => {
  it('asks a Chartink group for its action before sending anything', async () => {
    const fake = fakeClient({})
    const user = userEvent.setup()
    renderWith(<GroupForm algos={ALGOS} onSaved={() => {}} />, { client: fake.client })
    await user.type(screen.getByLabelText(/Name/), 'Breakouts')
    await user.selectOptions(screen.getByLabelText('Source'), 'CHARTINK')
    await user.click(screen.getByRole('button', { name: 'Create group' }))
    expect(screen.getByText(/Chartink alerts don’t say whether to buy or sell/)).toBeInTheDocument()
    expect(fake.calls).toHaveLength(0)
  })

  it('sends the limits and linked algos, and puts a typed error on its field', async () => {
    const fake = fakeClient({
      CreateSignalGroup: () => ({
        data: {
          createSignalGroup: { __typename: 'NameTaken', message: 'You already have a group called “Breakouts”.', code: 'NAME_TAKEN', field: 'name' },
        },
      }),
    })
    const user = userEvent.setup()
    renderWith(<GroupForm algos={ALGOS} onSaved={() => {}} />, { client: fake.client })
    await user.type(screen.getByLabelText(/Name/), ' Breakouts ')
    await user.selectOptions(screen.getByLabelText('Source'), 'JSON')
    await user.type(screen.getByLabelText('Max signals per day'), '50')
    await user.click(screen.getByText('Market hours only'))
    await user.click(screen.getAllByText('Reliance momentum')[0]!)
    await user.click(screen.getByRole('button', { name: 'Create group' }))
    const message = await screen.findByText('You already have a group called “Breakouts”.')
    // Next to the Name field, not in a banner.
    expect(message.closest('[role="group"], .chakra-field__root')).toContainElement(screen.getByLabelText(/Name/))
    expect(fake.calls[0]?.variables).toEqual({
      input: {
        name: 'Breakouts',
        source: 'JSON',
        active: true,
        defaultAction: null,
        limits: { maxSignalsPerDay: 50, expiresOn: null, marketHoursOnly: false, rateLimitPerMinute: null },
        entryAlgoIds: ['a1'],
        exitAlgoIds: [],
      },
    })
  })
})
