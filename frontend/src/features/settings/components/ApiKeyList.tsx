import { Badge, Box, Button, Code, Dialog, EmptyState, HStack, Portal, Spinner, Table, Text } from '@chakra-ui/react'
import { useMemo, useState } from 'react'
import { LuKeyRound } from 'react-icons/lu'
import { useMutation, useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { ApiKeysDocument, RevokeApiKeyDocument, type ApiKeyFieldsFragment } from '@/graphql/generated/graphql'
import { formatDateTime, titleCase } from '@/lib/format'

function RevokeButton({ apiKey, onProblem }: { apiKey: ApiKeyFieldsFragment; onProblem: (text: string | null) => void }) {
  const [open, setOpen] = useState(false)
  const [{ fetching }, revoke] = useMutation(RevokeApiKeyDocument)

  async function confirm() {
    onProblem(null)
    const result = await revoke({ id: apiKey.id })
    setOpen(false)
    if (result.error) {
      onProblem(describeError(result.error))
      return
    }
    const outcome = result.data?.revokeApiKey
    if (outcome?.__typename === 'NotFound') {
      onProblem(`The key “${apiKey.name}” no longer exists. Reload the page to see the current list.`)
    }
  }

  return (
    <Dialog.Root open={open} onOpenChange={(e) => setOpen(e.open)} role="alertdialog" placement="center">
      <Dialog.Trigger asChild>
        <Button size="xs" variant="outline" colorPalette="red" aria-label={`Revoke key ${apiKey.name}`}>
          Revoke
        </Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <Dialog.Header>
              <Dialog.Title>Revoke “{apiKey.name}”?</Dialog.Title>
            </Dialog.Header>
            <Dialog.Body>
              <Text>
                Programs using the key <Code>{apiKey.prefix}…</Code> stop working at once. This cannot be undone;
                create a new key if you need access again.
              </Text>
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.ActionTrigger asChild>
                <Button variant="outline">Keep it</Button>
              </Dialog.ActionTrigger>
              <Button colorPalette="red" onClick={() => void confirm()} loading={fetching} loadingText="Revoking">
                Revoke key
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}

/** The caller's keys. Secrets are never listed: only the prefix that identifies a key. */
export function ApiKeyList() {
  // An empty list holds no ApiKey, so say which type it depends on for cache invalidation.
  const context = useMemo(() => ({ additionalTypenames: ['ApiKey'] }), [])
  const [{ data, fetching, error }] = useQuery({ query: ApiKeysDocument, context })
  const [problem, setProblem] = useState<string | null>(null)

  if (error) return <ErrorAlert title="Could not load your API keys">{describeError(error)}</ErrorAlert>
  if (!data && fetching) {
    return (
      <HStack py="6" justify="center">
        <Spinner size="sm" /> <Text color="fg.muted">Loading keys…</Text>
      </HStack>
    )
  }
  const keys = data?.apiKeys ?? []
  if (keys.length === 0) {
    return (
      <EmptyState.Root size="sm" data-testid="api-keys-empty">
        <EmptyState.Content>
          <EmptyState.Indicator>
            <LuKeyRound />
          </EmptyState.Indicator>
          <EmptyState.Title>No API keys yet</EmptyState.Title>
          <EmptyState.Description>Create one above to let a script or an alert service reach Dalal.</EmptyState.Description>
        </EmptyState.Content>
      </EmptyState.Root>
    )
  }

  return (
    <Box>
      {problem ? <ErrorAlert testId="revoke-key-error">{problem}</ErrorAlert> : null}
      <Table.ScrollArea borderWidth="1px" borderRadius="l2">
        <Table.Root size="sm" aria-label="API keys" data-testid="api-keys-table">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeader>Name</Table.ColumnHeader>
              <Table.ColumnHeader>Prefix</Table.ColumnHeader>
              <Table.ColumnHeader>Scopes</Table.ColumnHeader>
              <Table.ColumnHeader>Created</Table.ColumnHeader>
              <Table.ColumnHeader>Last used</Table.ColumnHeader>
              <Table.ColumnHeader>Status</Table.ColumnHeader>
              <Table.ColumnHeader textAlign="end" aria-label="Actions" />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {keys.map((key) => (
              <Table.Row key={key.id} data-testid="api-key-row" data-key-name={key.name} data-revoked={key.revokedAt ? 'true' : 'false'}>
                <Table.Cell fontWeight="medium">{key.name}</Table.Cell>
                <Table.Cell>
                  <Code>{key.prefix}…</Code>
                </Table.Cell>
                <Table.Cell>
                  <HStack gap="1" wrap="wrap">
                    {key.scopes.map((scope) => (
                      <Badge key={scope} variant="outline" size="sm">
                        {titleCase(scope)}
                      </Badge>
                    ))}
                  </HStack>
                </Table.Cell>
                <Table.Cell whiteSpace="nowrap">{formatDateTime(key.createdAt)}</Table.Cell>
                <Table.Cell whiteSpace="nowrap">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</Table.Cell>
                <Table.Cell whiteSpace="nowrap">
                  {key.revokedAt ? (
                    <Badge colorPalette="red" variant="subtle" title={`Revoked ${formatDateTime(key.revokedAt)}`} data-testid="key-status">
                      Revoked {formatDateTime(key.revokedAt)}
                    </Badge>
                  ) : (
                    <Badge colorPalette="green" variant="subtle" data-testid="key-status">
                      Active
                    </Badge>
                  )}
                </Table.Cell>
                <Table.Cell textAlign="end">
                  {key.revokedAt ? null : <RevokeButton apiKey={key} onProblem={setProblem} />}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      </Table.ScrollArea>
    </Box>
  )
}
