import { Alert, Button, Checkbox, CheckboxGroup, Dialog, Fieldset, List, Portal, Stack, Text, Wrap } from '@chakra-ui/react'
import { useState } from 'react'
import { Link as RouterLink } from 'react-router'
import { useMutation } from 'urql'
import { PlaceBasketDocument, type OptionAccountsQuery } from '@/graphql/generated/graphql'
import { describeError } from '@/graphql/errors'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeBasket, type BasketOutcome } from '../lib/basket'
import { basketLegs, describeLeg, type BuilderLeg } from '../lib/legs'

type Account = OptionAccountsQuery['accounts'][number]

/** Place every leg in each chosen account: all or nothing per account, shown account by account. */
export function BasketPanel({ legs, accounts, canTrade = true }: { legs: BuilderLeg[]; accounts: Account[]; canTrade?: boolean }) {
  const [chosen, setChosen] = useState<string[]>([])
  const [open, setOpen] = useState(false)
  const [outcome, setOutcome] = useState<BasketOutcome | null>(null)
  const [{ fetching }, place] = useMutation(PlaceBasketDocument)
  const labelOf = (id: string) => accounts.find((a) => a.id === id)?.label ?? id
  const picked = chosen.filter((id) => accounts.some((a) => a.id === id))

  async function confirm() {
    const sent = legs
    const result = await place({ legs: basketLegs(sent), accountIds: picked })
    setOpen(false)
    if (result.error || !result.data) {
      setOutcome({ kind: 'problem', message: result.error ? describeError(result.error) : 'The server gave no answer. Check the blotter before you try again.' })
      return
    }
    setOutcome(describeBasket(result.data.placeBasket, sent, labelOf))
  }

  return (
    <Stack gap="3" data-testid="basket-panel">
      {accounts.length === 0 ? (
        <Text textStyle="sm" color="fg.muted">
          You have no trading account yet. <RouterLink to="/accounts">Create one in Accounts</RouterLink> to place the basket.
        </Text>
      ) : (
        <Fieldset.Root>
          <Fieldset.Legend textStyle="sm">Place in accounts</Fieldset.Legend>
          <CheckboxGroup value={picked} onValueChange={setChosen} name="basket-accounts">
            <Wrap gap="5">
              {accounts.map((a) => (
                <Checkbox.Root key={a.id} value={a.id} colorPalette="teal" data-testid="basket-account">
                  <Checkbox.HiddenInput />
                  <Checkbox.Control />
                  <Checkbox.Label>{a.label}</Checkbox.Label>
                </Checkbox.Root>
              ))}
            </Wrap>
          </CheckboxGroup>
        </Fieldset.Root>
      )}
      <Dialog.Root open={open} onOpenChange={(e) => setOpen(e.open)} role="alertdialog" placement="center">
        <Dialog.Trigger asChild>
          <Button alignSelf="flex-start" colorPalette="teal" disabled={!canTrade || legs.length === 0 || picked.length === 0} data-testid="place-basket"
            title={!canTrade ? 'Viewers cannot trade' : legs.length === 0 ? 'Add legs first' : picked.length === 0 ? 'Choose at least one account' : undefined}>
            Place basket{picked.length ? ` in ${picked.length} account${picked.length === 1 ? '' : 's'}` : ''}
          </Button>
        </Dialog.Trigger>
        <Portal>
          <Dialog.Backdrop />
          <Dialog.Positioner>
            <Dialog.Content data-testid="basket-confirm">
              <Dialog.Header>
                <Dialog.Title>Place {legs.length} legs in {picked.length} account{picked.length === 1 ? '' : 's'}?</Dialog.Title>
              </Dialog.Header>
              <Dialog.Body>
                <Stack gap="3" textStyle="sm">
                  <Text>Market orders, NRML. Each account gets the whole basket, or nothing if any leg is refused.</Text>
                  <List.Root ps="4">
                    {legs.map((l) => <List.Item key={l.key}>{describeLeg(l)}</List.Item>)}
                  </List.Root>
                  <Text color="fg.muted">Accounts: {picked.map(labelOf).join(', ')}</Text>
                </Stack>
              </Dialog.Body>
              <Dialog.Footer>
                <Dialog.ActionTrigger asChild>
                  <Button variant="outline">Cancel</Button>
                </Dialog.ActionTrigger>
                <Button colorPalette="teal" onClick={confirm} loading={fetching} loadingText="Placing" data-testid="confirm-basket">
                  Place basket
                </Button>
              </Dialog.Footer>
            </Dialog.Content>
          </Dialog.Positioner>
        </Portal>
      </Dialog.Root>
      {outcome?.kind === 'problem' ? <ErrorAlert title="Basket not placed" testId="basket-problem">{outcome.message}</ErrorAlert> : null}
      {outcome?.kind === 'done' ? (
        <Stack gap="2" data-testid="basket-results">
          {outcome.accounts.map((a) => (
            <Alert.Root key={a.accountId} status={a.placed ? 'success' : 'error'} borderRadius="l2" data-testid="basket-result" data-placed={a.placed ? 'true' : 'false'} data-fills={a.fills}>
              <Alert.Indicator />
              <Alert.Content>
                <Alert.Title>{a.headline}</Alert.Title>
                <Alert.Description>{a.detail}</Alert.Description>
              </Alert.Content>
            </Alert.Root>
          ))}
        </Stack>
      ) : null}
    </Stack>
  )
}
