import { Button, Dialog, Portal, Text } from '@chakra-ui/react'
import { useRef, useState } from 'react'
import { useMutation } from 'urql'
import { describeError } from '@/graphql/errors'
import { newClientOrderId } from '@/lib/clientOrderId'
import { SquareOffPositionDocument, type PositionRowFragment } from '@/graphql/generated/graphql'
import { formatPrice, formatQuantity } from '@/lib/money'
import { squareOffInput } from '../lib/positions'

export type SquareOffNotice = { status: 'success' | 'error'; text: string }

interface Props {
  position: PositionRowFragment
  accountLabel: string
  onDone: (notice: SquareOffNotice) => void
}

/** Close a position with an opposite MARKET order for its open quantity, after confirmation. */
export function SquareOffButton({ position, accountLabel, onDone }: Props) {
  const [open, setOpen] = useState(false)
  const [{ fetching }, place] = useMutation(SquareOffPositionDocument)
  const clientOrderId = useRef(newClientOrderId())
  const input = squareOffInput(position, clientOrderId.current)
  if (!input) return null
  const what = `${input.side} ${formatQuantity(input.quantity)} ${position.instrument.tradingsymbol} ${position.product}`

  async function confirm() {
    if (!input) return
    const result = await place({ input })
    if (result.error || !result.data) {
      onDone({ status: 'error', text: result.error ? describeError(result.error) : 'The server gave no answer. Try again.' })
      return
    }
    clientOrderId.current = newClientOrderId()
    setOpen(false)
    const outcome = result.data.placeOrder
    if (outcome.__typename === 'PlaceOrderSuccess') {
      const { order } = outcome
      if (order.status === 'REJECTED') {
        onDone({ status: 'error', text: `Square-off rejected: ${order.rejectReason ?? 'no reason given'}` })
      } else {
        const price = order.averagePrice ? ` at ₹${formatPrice(order.averagePrice)}` : ''
        onDone({ status: 'success', text: `Squared off: ${what}${price} (${order.status.toLowerCase().replace('_', ' ')}).` })
      }
      return
    }
    onDone({ status: 'error', text: `Could not square off ${position.instrument.tradingsymbol}: ${outcome.message}` })
  }

  return (
    <Dialog.Root open={open} onOpenChange={(e) => setOpen(e.open)} role="alertdialog" placement="center">
      <Dialog.Trigger asChild>
        <Button size="xs" variant="outline" colorPalette="orange" aria-label={`Square off ${position.instrument.tradingsymbol} ${position.product} in ${accountLabel}`}>
          Square off
        </Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <Dialog.Header>
              <Dialog.Title>Square off {position.instrument.tradingsymbol}?</Dialog.Title>
            </Dialog.Header>
            <Dialog.Body>
              <Text>
                This places a MARKET order to <strong>{what}</strong> in “{accountLabel}”, closing the position at the
                current price.
              </Text>
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.ActionTrigger asChild>
                <Button variant="outline">Keep position</Button>
              </Dialog.ActionTrigger>
              <Button colorPalette="orange" loading={fetching} loadingText="Placing order" onClick={() => void confirm()}>
                {input.side === 'SELL' ? 'Sell' : 'Buy'} at market
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
