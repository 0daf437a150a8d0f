import { Button } from '@chakra-ui/react'
import { useMutation } from 'urql'
import { describeError } from '@/graphql/errors'
import { CancelWorkingOrderDocument, type BlotterOrderFragment } from '@/graphql/generated/graphql'

interface Props {
  order: BlotterOrderFragment
  onCancelled: (order: BlotterOrderFragment) => void
  onProblem: (text: string | null) => void
}

/** Cancel a working order; a typed refusal (already filled, not found) shows above the table. */
export function CancelOrderButton({ order, onCancelled, onProblem }: Props) {
  const [{ fetching }, cancel] = useMutation(CancelWorkingOrderDocument)
  const label = `${order.side} ${order.quantity} ${order.instrument.tradingsymbol}`

  async function run() {
    onProblem(null)
    const result = await cancel({ id: order.id })
    if (result.error) return onProblem(describeError(result.error))
    const outcome = result.data?.cancelOrder
    if (!outcome) return onProblem('The server gave no answer. Try again.')
    switch (outcome.__typename) {
      case 'CancelOrderSuccess':
        return onCancelled(outcome.order)
      case 'OrderNotModifiable':
        return onProblem(`Could not cancel ${label}: ${outcome.message}`)
      case 'NotFound':
        return onProblem(`Could not cancel ${label}: ${outcome.message} Reload the page to see the current orders.`)
    }
  }

  return (
    <Button
      size="xs"
      variant="outline"
      colorPalette="red"
      loading={fetching}
      onClick={() => void run()}
      aria-label={`Cancel order ${label}`}
    >
      Cancel
    </Button>
  )
}
