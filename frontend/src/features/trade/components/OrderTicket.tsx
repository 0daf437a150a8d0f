import { Alert, Button, Card, Field, NativeSelect, SimpleGrid, Stack } from '@chakra-ui/react'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Link as RouterLink } from 'react-router'
import { useMutation } from 'urql'
import {
  PlaceOrderDocument,
  type OrderType,
  type Product,
  type TicketAccountsQuery,
  type TicketInstrumentFragment,
  type Validity,
} from '@/graphql/generated/graphql'
import { describeError } from '@/graphql/errors'
import { isDecimal, signOf } from '@/lib/decimal'
import { formatQuantity } from '@/lib/money'
import { useDebounced, useThrottled } from '@/lib/useDebounced'
import { newClientOrderId } from '@/lib/clientOrderId'
import { defaultProduct, isDerivative, productsFor } from '../lib/instrument'
import { describePlaceOrder, type TicketOutcome } from '../lib/outcome'
import {
  needsPrice,
  needsTrigger,
  ORDER_TYPES,
  orderInput,
  STOP_FIELDS,
  unitsOf,
  validateTicket,
  type StopField,
  type TicketProblems,
  type TicketState,
} from '../lib/ticket'
import { ChoiceGroup } from './ChoiceGroup'
import { OutcomeAlert } from './OutcomeAlert'
import { PriceField } from './PriceField'
import { QuantityField } from './QuantityField'
import { SideToggle } from './SideToggle'
import { StopFields } from './StopFields'
import { SymbolSearch } from './SymbolSearch'
import { TicketPreview, type PreviewInput } from './TicketPreview'

type Account = TicketAccountsQuery['accounts'][number]

const PRODUCT_HELP: Record<Product, string> = {
  MIS: 'MIS: intraday, squared off by 15:20',
  CNC: 'CNC: delivery, held overnight',
  NRML: 'NRML: F&O carried to expiry',
}
const VALIDITIES: { value: Validity; label: string }[] = [
  { value: 'DAY', label: 'Day' },
  { value: 'IOC', label: 'IOC' },
]

interface Props {
  accounts: Account[]
  instrument: TicketInstrumentFragment | null
  onInstrumentChange: (instrument: TicketInstrumentFragment) => void
  /** The live price of the chosen instrument, for previews of market orders. */
  ltp: string | null
}

function initialState(accounts: Account[], instrument: TicketInstrumentFragment | null): TicketState {
  return {
    accountId: accounts[0]?.id ?? '',
    side: 'BUY',
    quantity: '1',
    orderType: 'MARKET',
    product: instrument ? defaultProduct(instrument.kind) : 'MIS',
    validity: 'DAY',
    price: '',
    triggerPrice: '',
    stopUnit: 'POINTS',
    stopLoss: '',
    target: '',
    trailingStop: '',
  }
}

/** The order ticket: everything checked as you type, then placeOrder with its typed answer. */
export function OrderTicket({ accounts, instrument, onInstrumentChange, ltp }: Props) {
  const [state, setState] = useState<TicketState>(() => initialState(accounts, instrument))
  const [serverProblem, setServerProblem] = useState<TicketOutcome | null>(null)
  const [outcome, setOutcome] = useState<TicketOutcome | null>(null)
  const [networkProblem, setNetworkProblem] = useState<string | null>(null)
  const [tried, setTried] = useState(false)
  const clientOrderId = useRef(newClientOrderId())
  const [{ fetching }, place] = useMutation(PlaceOrderDocument)

  // The first account arrives after the first render; pick it when nothing is chosen.
  useEffect(() => {
    if (!state.accountId && accounts[0]) setState((s) => ({ ...s, accountId: accounts[0]!.id }))
  }, [accounts, state.accountId])

  // An instrument that arrives from outside (the page address) gets a product it can trade.
  const kind = instrument?.kind
  useEffect(() => {
    if (kind && !productsFor(kind).includes(state.product)) setState((s) => ({ ...s, product: defaultProduct(kind) }))
  }, [kind, state.product])

  const set = <K extends keyof TicketState>(key: K, value: TicketState[K]) => {
    setState((s) => ({ ...s, [key]: value }))
    setServerProblem(null)
  }

  function chooseInstrument(next: TicketInstrumentFragment) {
    onInstrumentChange(next)
    // F&O and equities have different products: a switch between them starts from the default.
    const sameClass = instrument !== null && isDerivative(instrument.kind) === isDerivative(next.kind)
    setState((s) => ({
      ...s,
      product: sameClass && productsFor(next.kind).includes(s.product) ? s.product : defaultProduct(next.kind),
      price: '',
      triggerPrice: '',
    }))
    setServerProblem(null)
    setOutcome(null)
  }

  const problems: TicketProblems = validateTicket(state, instrument)
  // Show a field's problem once the person has typed in it, or after they tried to submit.
  const shown: TicketProblems = {}
  for (const [field, text] of Object.entries(problems) as [keyof TicketProblems, string][]) {
    const typed =
      field === 'price'
        ? state.price !== ''
        : field === 'triggerPrice'
          ? state.triggerPrice !== ''
          : field === 'quantity' || STOP_FIELDS.includes(field as StopField)
    if (tried || typed) shown[field] = text
  }
  if (serverProblem?.kind === 'problem' && serverProblem.field) shown[serverProblem.field] = serverProblem.message

  const account = accounts.find((a) => a.id === state.accountId) ?? null
  const previewInput = usePreviewInput(state, instrument, account, ltp, problems)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setTried(true)
    setOutcome(null)
    setNetworkProblem(null)
    if (!instrument || Object.keys(problems).length > 0) return
    const result = await place({ input: orderInput(state, instrument, clientOrderId.current) })
    if (result.error || !result.data) {
      // Keep the same clientOrderId: a retry cannot place the order twice.
      setNetworkProblem(result.error ? describeError(result.error) : 'The server gave no answer. Try again.')
      return
    }
    clientOrderId.current = newClientOrderId()
    const described = describePlaceOrder(result.data.placeOrder)
    setOutcome(described)
    setServerProblem(described.kind === 'problem' ? described : null)
    if (described.kind === 'placed') setTried(false)
  }

  const products = instrument ? productsFor(instrument.kind) : (['MIS', 'CNC'] as Product[])
  const sideWord = state.side === 'BUY' ? 'Buy' : 'Sell'
  const units = instrument ? unitsOf(state.quantity, instrument) : 0

  return (
    <Card.Root data-testid="order-ticket">
      <Card.Header>
        <Card.Title>Order ticket</Card.Title>
      </Card.Header>
      <Card.Body>
        <form onSubmit={submit} noValidate aria-label="Order ticket">
          <Stack gap="4">
            {accounts.length === 0 ? (
              <Alert.Root status="warning" borderRadius="l2">
                <Alert.Indicator />
                <Alert.Description>
                  You have no trading account yet. <RouterLink to="/accounts">Create one in Accounts</RouterLink>, then come back to
                  place orders.
                </Alert.Description>
              </Alert.Root>
            ) : null}
            <Field.Root invalid={!!shown.symbol}>
              <SymbolSearch selected={instrument} onSelect={chooseInstrument} invalid={!!shown.symbol} />
              <Field.ErrorText>{shown.symbol}</Field.ErrorText>
            </Field.Root>
            <Field.Root invalid={!!shown.accountId} required>
              <Field.Label>Account</Field.Label>
              <NativeSelect.Root>
                <NativeSelect.Field value={state.accountId} onChange={(e) => set('accountId', e.target.value)} data-testid="ticket-account">
                  {accounts.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.label}
                    </option>
                  ))}
                </NativeSelect.Field>
                <NativeSelect.Indicator />
              </NativeSelect.Root>
              <Field.ErrorText>{shown.accountId}</Field.ErrorText>
            </Field.Root>
            <SideToggle side={state.side} onChange={(side) => set('side', side)} />
            <ChoiceGroup<OrderType> label="Order type" value={state.orderType} options={ORDER_TYPES} onChange={(v) => set('orderType', v)} />
            <SimpleGrid columns={{ base: 1, sm: 3 }} gap="3">
              <QuantityField instrument={instrument} value={state.quantity} onChange={(v) => set('quantity', v)} problem={shown.quantity} />
              {needsPrice(state.orderType) ? (
                <PriceField
                  label="Price"
                  value={state.price}
                  onChange={(v) => set('price', v)}
                  problem={shown.price}
                  tick={instrument?.tickSize ?? null}
                  testId="ticket-price"
                />
              ) : null}
              {needsTrigger(state.orderType) ? (
                <PriceField
                  label="Trigger price"
                  value={state.triggerPrice}
                  onChange={(v) => set('triggerPrice', v)}
                  problem={shown.triggerPrice}
                  tick={instrument?.tickSize ?? null}
                  testId="ticket-trigger"
                />
              ) : null}
            </SimpleGrid>
            <SimpleGrid columns={{ base: 1, sm: 2 }} gap="3">
              <ChoiceGroup<Product>
                // Remount when the choices change, so the segment indicator measures again.
                key={products.join()}
                label="Product"
                value={state.product}
                options={products.map((p) => ({ value: p, label: p }))}
                onChange={(v) => set('product', v)}
                help={PRODUCT_HELP[state.product]}
              />
              <ChoiceGroup<Validity> label="Validity" value={state.validity} options={VALIDITIES} onChange={(v) => set('validity', v)} />
            </SimpleGrid>
            <StopFields state={state} problems={shown} onChange={(key, value) => set(key, value as never)} />
            <TicketPreview input={previewInput} />
            {networkProblem ? (
              <Alert.Root status="error" role="alert" borderRadius="l2" data-testid="order-problem">
                <Alert.Indicator />
                <Alert.Description>{networkProblem}</Alert.Description>
              </Alert.Root>
            ) : null}
            {outcome ? <OutcomeAlert outcome={outcome} /> : null}
            <Button
              type="submit"
              colorPalette={state.side === 'BUY' ? 'green' : 'red'}
              loading={fetching}
              loadingText="Placing order"
              disabled={accounts.length === 0}
              data-testid="place-order"
            >
              {sideWord} {units > 0 ? formatQuantity(units) : ''} {instrument?.tradingsymbol ?? ''}
            </Button>
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  )
}

/** The preview's inputs: the limit price when given, else the live price at most every 3 s. */
function usePreviewInput(
  state: TicketState,
  instrument: TicketInstrumentFragment | null,
  account: Account | null,
  ltp: string | null,
  problems: TicketProblems,
): PreviewInput | null {
  const slowLtp = useThrottled(ltp, 3000)
  const typedPrice = useDebounced(state.price.trim(), 400)
  const typedTrigger = useDebounced(state.triggerPrice.trim(), 400)
  if (!instrument || !account || instrument.kind === 'INDEX' || problems.quantity) return null
  let price: string | null = slowLtp ?? ltp
  if (needsPrice(state.orderType)) price = problems.price ? null : typedPrice
  else if (state.orderType === 'SL_M') price = problems.triggerPrice ? null : typedTrigger
  if (!price || !isDecimal(price) || signOf(price) <= 0) return null
  return {
    kind: instrument.kind,
    exchange: instrument.exchange,
    strike: instrument.strike,
    product: state.product,
    side: state.side,
    quantity: unitsOf(state.quantity, instrument),
    price,
    template: account.chargesTemplate,
  }
}
