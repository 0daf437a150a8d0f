import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { TicketInstrumentFragment } from '@/graphql/generated/graphql'
import { fakeClient, type FakeHandler } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { OrderTicket } from './OrderTicket'

const infy: TicketInstrumentFragment = {
  __typename: 'Instrument',
  token: 100002,
  exchange: 'NSE',
  tradingsymbol: 'INFY',
  name: 'INFOSYS',
  kind: 'EQ',
  lotSize: 1,
  tickSize: '0.10',
  underlying: null,
  expiry: null,
  strike: null,
}
const accounts = [{ __typename: 'Account' as const, id: 'a1', label: 'Intraday', cash: '1000000', chargesTemplate: 'zerodha' }]

const charges: FakeHandler = () => ({
  data: {
    chargesEstimate: {
      __typename: 'ChargesEstimate',
      turnover: '12000',
      brokerage: '7.20',
      stt: '3',
      exchangeTxn: '0.36',
      sebi: '0.01',
      stampDuty: '0.18',
      gst: '1.36',
      total: '12.11',
      breakevenPoints: '2.42',
    },
  },
})

function renderTicket(placeOrder: FakeHandler) {
  const fake = fakeClient({ PlaceOrder: placeOrder, ChargesPreview: charges })
  renderWith(<OrderTicket accounts={accounts} instrument={infy} onInstrumentChange={() => {}} ltp="1541.80" />, { client: fake.client })
  return fake
}

async function limitOrder(price: string) {
  const user = userEvent.setup()
  await user.click(screen.getByText('Limit', { exact: true }))
  await user.clear(screen.getByTestId('ticket-quantity'))
  await user.type(screen.getByTestId('ticket-quantity'), '5')
  await user.type(await screen.findByTestId('ticket-price'), price)
  return user
}

describe('the order ticket', () => {
  it('says an off-tick price is wrong as you type, with the nearest valid prices, and sends nothing', async () => {
    const fake = renderTicket(() => 'never')
    const user = await limitOrder('1200.05')
    expect(await screen.findByText('Price 1200.05 is not a multiple of the tick size 0.10. Use 1200.00 or 1200.10.')).toBeInTheDocument()
    await user.click(screen.getByTestId('place-order'))
    expect(fake.calls.some((c) => c.name === 'PlaceOrder')).toBe(false)
  })

  it('shows a TickSizeError from the server on the price field', async () => {
    const message = 'Price 1200.00 is not a multiple of the tick size 0.50. Use 1200.00 or 1200.50.'
    const fake = renderTicket(() => ({
      data: { placeOrder: { __typename: 'TickSizeError', message, code: 'PRICE_NOT_ON_TICK', tickSize: '0.50' } },
    }))
    const user = await limitOrder('1200')
    await user.click(screen.getByTestId('place-order'))
    expect(await screen.findByTestId('order-problem')).toHaveTextContent('Price is off the tick grid')
    expect(screen.getAllByText(message).length).toBeGreaterThan(0)
    const sent = fake.calls.find((c) => c.name === 'PlaceOrder')?.variables as { input: Record<string, unknown> }
    expect(sent.input).toMatchObject({ symbol: 'INFY', exchange: 'NSE', side: 'BUY', quantity: 5, orderType: 'LIMIT', price: '1200', triggerPrice: null })
    expect(String(sent.input.clientOrderId)).toMatch(/^web-/)
  })

  it('reports a resting order on success', async () => {
    renderTicket(() => ({
      data: {
        placeOrder: {
          __typename: 'PlaceOrderSuccess',
          order: {
            __typename: 'Order',
            id: 'o1',
            side: 'BUY',
            quantity: 5,
            orderType: 'LIMIT',
            product: 'MIS',
            status: 'OPEN',
            filledQuantity: 0,
            averagePrice: null,
            price: '1200',
            triggerPrice: null,
            rejectReason: null,
            instrument: { __typename: 'Instrument', tradingsymbol: 'INFY' },
          },
          fills: [],
        },
      },
    }))
    const user = await limitOrder('1200')
    await user.click(screen.getByTestId('place-order'))
    const outcome = await screen.findByTestId('order-outcome')
    expect(outcome).toHaveTextContent('Placed: BUY 5 INFY MIS')
    expect(outcome).toHaveTextContent('Working at ₹1,200.00')
  })

  it('shows the margin estimate and the server charges for the order', async () => {
    renderTicket(() => 'never')
    await limitOrder('1200')
    await waitFor(() => expect(screen.getByTestId('charges-preview')).toHaveTextContent('₹12.11'))
    expect(screen.getByTestId('margin-preview')).toHaveTextContent('≈ ₹1,200.00')
  })
})
