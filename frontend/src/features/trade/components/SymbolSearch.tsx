import { Badge, Combobox, createListCollection, HStack, Portal, Spinner, Stack, Text } from '@chakra-ui/react'
import { useEffect, useMemo, useState } from 'react'
import { useQuery } from 'urql'
import { SearchInstrumentsDocument, type TicketInstrumentFragment } from '@/graphql/generated/graphql'
import { useDebounced } from '@/lib/useDebounced'

const KIND_LABEL: Record<string, string> = { EQ: 'Equity', FUT: 'Future', CE: 'Call', PE: 'Put', INDEX: 'Index' }

interface Props {
  selected: TicketInstrumentFragment | null
  onSelect: (instrument: TicketInstrumentFragment) => void
  invalid?: boolean
}

/** Type a few letters of a symbol or company; the server's instrument search answers (debounced). */
export function SymbolSearch({ selected, onSelect, invalid }: Props) {
  const [input, setInput] = useState(selected?.tradingsymbol ?? '')
  // An instrument chosen elsewhere (the page address) shows in the box.
  const selectedSymbol = selected?.tradingsymbol
  useEffect(() => {
    if (selectedSymbol) setInput(selectedSymbol)
  }, [selectedSymbol])
  const search = useDebounced(input.trim(), 250)
  const searching = search.length > 0 && search !== selected?.tradingsymbol
  const [{ data, fetching, error }] = useQuery({
    query: SearchInstrumentsDocument,
    variables: { search, first: 20 },
    pause: !searching,
  })
  // The chosen instrument stays in the list, so the box keeps showing it after a pick.
  const items = useMemo(() => {
    const found = searching ? (data?.instruments.items ?? []) : []
    const rest = found.filter((i) => !selected || i.token !== selected.token)
    return selected ? [selected, ...rest] : rest
  }, [data, searching, selected])
  const collection = useMemo(
    () =>
      createListCollection({
        items,
        itemToString: (item) => item.tradingsymbol,
        itemToValue: (item) => `${item.exchange}:${item.tradingsymbol}`,
      }),
    [items],
  )

  return (
    <Combobox.Root
      collection={collection}
      inputValue={input}
      value={selected ? [`${selected.exchange}:${selected.tradingsymbol}`] : []}
      onInputValueChange={(e) => setInput(e.inputValue)}
      onValueChange={(e) => {
        const item = e.items[0] as TicketInstrumentFragment | undefined
        if (item) {
          setInput(item.tradingsymbol)
          onSelect(item)
        }
      }}
      invalid={invalid}
      inputBehavior="autohighlight"
      selectionBehavior="replace"
      positioning={{ sameWidth: true }}
    >
      <Combobox.Label>Symbol</Combobox.Label>
      <Combobox.Control>
        <Combobox.Input placeholder="Search, e.g. RELIANCE or NIFTY" autoComplete="off" />
        <Combobox.IndicatorGroup>{fetching ? <Spinner size="xs" /> : null}</Combobox.IndicatorGroup>
      </Combobox.Control>
      <Portal>
        <Combobox.Positioner>
          <Combobox.Content maxH="80" data-testid="symbol-results">
            <Combobox.Empty>
              {error
                ? "Search isn't answering; check the server and try again."
                : search.length === 0
                  ? 'Type a symbol or company name.'
                  : fetching
                    ? 'Searching…'
                    : `Nothing matches “${search}”. Try the trading symbol, e.g. INFY.`}
            </Combobox.Empty>
            {collection.items.map((item) => (
              <Combobox.Item key={`${item.exchange}:${item.tradingsymbol}`} item={item}>
                <Stack gap="0" flex="1" minW="0">
                  <HStack gap="2">
                    <Text fontWeight="semibold">{item.tradingsymbol}</Text>
                    <Badge size="xs" variant="outline">
                      {item.exchange}
                    </Badge>
                    <Badge size="xs" variant="subtle" colorPalette={item.kind === 'INDEX' ? 'gray' : 'teal'}>
                      {KIND_LABEL[item.kind] ?? item.kind}
                    </Badge>
                  </HStack>
                  <Text textStyle="xs" color="fg.muted" truncate>
                    {item.name}
                    {item.lotSize > 1 ? ` · lot ${item.lotSize}` : ''}
                    {item.expiry ? ` · expires ${item.expiry}` : ''}
                  </Text>
                </Stack>
                <Combobox.ItemIndicator />
              </Combobox.Item>
            ))}
          </Combobox.Content>
        </Combobox.Positioner>
      </Portal>
    </Combobox.Root>
  )
}
