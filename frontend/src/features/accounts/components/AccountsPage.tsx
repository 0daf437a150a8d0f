import { Alert, Card, EmptyState, HStack, Spinner, Stack, Switch, Text } from '@chakra-ui/react'
import { useMemo, useState } from 'react'
import { LuWallet } from 'react-icons/lu'
import { useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { AccountsListDocument } from '@/graphql/generated/graphql'
import { AccountsTable } from './AccountsTable'
import { CreateAccountForm } from './CreateAccountForm'

export function AccountsPage() {
  const [includeArchived, setIncludeArchived] = useState(false)
  // An empty list holds no Account, so name the type the list depends on for cache invalidation.
  const context = useMemo(() => ({ additionalTypenames: ['Account'] }), [])
  const [{ data, fetching, error }] = useQuery({ query: AccountsListDocument, variables: { includeArchived }, context })
  const [created, setCreated] = useState<string | null>(null)
  const accounts = data?.accounts ?? []

  return (
    <Stack gap="8">
      <PageHeader title="Accounts" subtitle="Paper-trading accounts: capital, multipliers, tags and how each is charged." />
      <Card.Root data-testid="create-account-card">
        <Card.Header>
          <Card.Title>New account</Card.Title>
          <Card.Description>Each account starts with its capital as cash. Paper money only.</Card.Description>
        </Card.Header>
        <Card.Body>
          <Stack gap="4">
            {created ? (
              <Alert.Root status="success" borderRadius="l2" data-testid="account-created">
                <Alert.Indicator />
                <Alert.Description>Account “{created}” is ready. Place an order from the New order button.</Alert.Description>
              </Alert.Root>
            ) : null}
            <CreateAccountForm onCreated={setCreated} />
          </Stack>
        </Card.Body>
      </Card.Root>
      <Card.Root>
        <Card.Header>
          <HStack justify="space-between" wrap="wrap" gap="3">
            <Card.Title>Your accounts</Card.Title>
            <Switch.Root checked={includeArchived} onCheckedChange={(e) => setIncludeArchived(e.checked)} size="sm">
              <Switch.HiddenInput />
              <Switch.Control />
              <Switch.Label>Show archived</Switch.Label>
            </Switch.Root>
          </HStack>
        </Card.Header>
        <Card.Body>
          {error ? (
            <ErrorAlert title="Could not load your accounts">{describeError(error)}</ErrorAlert>
          ) : !data && fetching ? (
            <HStack py="6" justify="center">
              <Spinner size="sm" /> <Text color="fg.muted">Loading accounts…</Text>
            </HStack>
          ) : accounts.length === 0 ? (
            <EmptyState.Root size="sm" data-testid="accounts-empty">
              <EmptyState.Content>
                <EmptyState.Indicator>
                  <LuWallet />
                </EmptyState.Indicator>
                <EmptyState.Title>No accounts yet</EmptyState.Title>
                <EmptyState.Description>Create one above to start paper trading.</EmptyState.Description>
              </EmptyState.Content>
            </EmptyState.Root>
          ) : (
            <AccountsTable accounts={accounts} />
          )}
        </Card.Body>
      </Card.Root>
    </Stack>
  )
}
