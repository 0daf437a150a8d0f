import { Button, Dialog, Field, Input, InputGroup, Portal, SimpleGrid, Stack, Text } from '@chakra-ui/react'
import { useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { ModifyWorkingOrderDocument, type BlotterOrderFragment, type ModifyOrderInput } from '@/graphql/generated/graphql'
import { lotProblem, priceProblem } from '@/lib/orderRules'

type Field = 'quantity' | 'price' | 'triggerPrice'
type Problems = Partial<Record<Field | 'form', string>>

const SERVER_FIELD: Record<string, Field> = { quantity: 'quantity', price: 'price', trigger_price: 'triggerPrice', triggerPrice: 'triggerPrice' }

/** The local checks of a modification: whole lots, prices on the tick grid. */
export function modifyProblems(order: BlotterOrderFragment, quantity: string, price: string, trigger: string): Problems {
  const problems: Problems = {}
  const units = /^\d+$/.test(quantity.trim()) ? Number(quantity.trim()) : NaN
  const lots = lotProblem(units, order.instrument.lotSize)
  if (lots) problems.quantity = lots
  else if (units <= order.filledQuantity) problems.quantity = `${order.filledQuantity} are already filled; the new quantity must be more than that.`
  const tick = order.instrument.tickSize
  if (order.orderType === 'LIMIT' || order.orderType === 'SL') {
    const p = priceProblem(price, tick, 'price')
    if (p) problems.price = p
  }
  if (order.orderType === 'SL' || order.orderType === 'SL_M') {
    const t = priceProblem(trigger, tick, 'trigger price')
    if (t) problems.triggerPrice = t
  }
  return problems
}

interface Props {
  order: BlotterOrderFragment
  onModified: (order: BlotterOrderFragment) => void
}

/** Change a working order's quantity, price or trigger. */
export function ModifyOrderDialog({ order, onModified }: Props) {
  const [open, setOpen] = useState(false)
  const [quantity, setQuantity] = useState(String(order.quantity))
  const [price, setPrice] = useState(order.price ?? '')
  const [trigger, setTrigger] = useState(order.triggerPrice ?? '')
  const [server, setServer] = useState<Problems>({})
  const [{ fetching }, modify] = useMutation(ModifyWorkingOrderDocument)
  const local = modifyProblems(order, quantity, price, trigger)
  const shown: Problems = { ...local, ...server }
  const hasPrice = order.orderType === 'LIMIT' || order.orderType === 'SL'
  const hasTrigger = order.orderType === 'SL' || order.orderType === 'SL_M'
  const label = `${order.side} ${order.quantity} ${order.instrument.tradingsymbol}`

  function reset(next: boolean) {
    setOpen(next)
    setServer({})
    if (next) {
      setQuantity(String(order.quantity))
      setPrice(order.price ?? '')
      setTrigger(order.triggerPrice ?? '')
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    setServer({})
    if (Object.keys(local).length > 0) return
    const input: ModifyOrderInput = { id: order.id, quantity: Number(quantity.trim()) }
    if (hasPrice) input.price = price.trim()
    if (hasTrigger) input.triggerPrice = trigger.trim()
    const result = await modify({ input })
    if (result.error) return setServer({ form: describeError(result.error) })
    const outcome = result.data?.modifyOrder
    if (!outcome) return setServer({ form: 'The server gave no answer. Try again.' })
    switch (outcome.__typename) {
      case 'PlaceOrderSuccess':
        onModified(outcome.order)
        return setOpen(false)
      case 'TickSizeError':
        return setServer({ [hasPrice ? 'price' : 'triggerPrice']: outcome.message })
      case 'LotSizeError':
        return setServer({ quantity: outcome.message })
      case 'InvalidInput': {
        const field = outcome.field ? SERVER_FIELD[outcome.field] : undefined
        return setServer(field ? { [field]: outcome.message } : { form: outcome.message })
      }
      default:
        return setServer({ form: outcome.message })
    }
  }

  return (
    <Dialog.Root open={open} onOpenChange={(e) => reset(e.open)} placement="center">
      <Dialog.Trigger asChild>
        <Button size="xs" variant="outline" aria-label={`Modify order ${label}`}>
          Modify
        </Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <form onSubmit={submit} noValidate aria-label="Modify order">
              <Dialog.Header>
                <Dialog.Title>Modify {label}</Dialog.Title>
              </Dialog.Header>
              <Dialog.Body>
                <Stack gap="4">
                  <Text textStyle="sm" color="fg.muted">
                    {order.orderType.replace('_', '-')} · {order.product} · tick {order.instrument.tickSize}
                    {order.instrument.lotSize > 1 ? ` · lot ${order.instrument.lotSize}` : ''} · {order.filledQuantity} filled so far
                  </Text>
                  {shown.form ? <ErrorAlert testId="modify-error">{shown.form}</ErrorAlert> : null}
                  <SimpleGrid columns={{ base: 1, sm: hasPrice && hasTrigger ? 3 : 2 }} gap="3">
                    <Field.Root invalid={!!shown.quantity}>
                      <Field.Label>Quantity</Field.Label>
                      <Input value={quantity} onChange={(e) => setQuantity(e.target.value)} inputMode="numeric" />
                      <Field.ErrorText>{shown.quantity}</Field.ErrorText>
                    </Field.Root>
                    {hasPrice ? (
                      <Field.Root invalid={!!shown.price}>
                        <Field.Label>Price</Field.Label>
                        <InputGroup startElement="₹">
                          <Input value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" />
                        </InputGroup>
                        <Field.ErrorText>{shown.price}</Field.ErrorText>
                      </Field.Root>
                    ) : null}
                    {hasTrigger ? (
                      <Field.Root invalid={!!shown.triggerPrice}>
                        <Field.Label>Trigger price</Field.Label>
                        <InputGroup startElement="₹">
                          <Input value={trigger} onChange={(e) => setTrigger(e.target.value)} inputMode="decimal" />
                        </InputGroup>
                        <Field.ErrorText>{shown.triggerPrice}</Field.ErrorText>
                      </Field.Root>
                    ) : null}
                  </SimpleGrid>
                </Stack>
              </Dialog.Body>
              <Dialog.Footer>
                <Dialog.ActionTrigger asChild>
                  <Button variant="outline">Keep as is</Button>
                </Dialog.ActionTrigger>
                <Button type="submit" colorPalette="teal" loading={fetching} loadingText="Saving">
                  Save changes
                </Button>
              </Dialog.Footer>
            </form>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
