import { Badge, Button, HStack, Stack, Table, Text } from '@chakra-ui/react'
import type { SignalAccountsQuery, SignalAlgoFieldsFragment } from '@/graphql/generated/graphql'
import { describeLeg } from '../../lib/legs'
import { ArchiveAlgoButton } from './ArchiveAlgoButton'

type Account = SignalAccountsQuery['accounts'][number]

function targetsText(algo: SignalAlgoFieldsFragment, accounts: Account[]): string {
  const { mode, tag, accountIds } = algo.targets
  if (mode === 'ALL') return 'All accounts'
  if (mode === 'TAG') return `Accounts tagged “${tag ?? ''}”`
  const labels = new Map(accounts.map((a) => [a.id, a.label]))
  return accountIds.map((id) => labels.get(id) ?? 'archived account').join(', ')
}

interface Props {
  algos: SignalAlgoFieldsFragment[]
  accounts: Account[]
  onEdit: (algo: SignalAlgoFieldsFragment) => void
  onProblem: (text: string | null) => void
}

/** The user's algos: what each trades, how, and in which accounts. */
export function AlgoList({ algos, accounts, onEdit, onProblem }: Props) {
  return (
    <Table.ScrollArea borderWidth="1px" borderRadius="l2">
      <Table.Root size="sm" aria-label="Algos" data-testid="algos-table">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader>Name</Table.ColumnHeader>
            <Table.ColumnHeader>Legs</Table.ColumnHeader>
            <Table.ColumnHeader>Orders</Table.ColumnHeader>
            <Table.ColumnHeader>Accounts</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end" aria-label="Actions" />
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {algos.map((algo) => (
            <Table.Row key={algo.id} data-testid="algo-row" data-algo-name={algo.name}>
              <Table.Cell fontWeight="medium">{algo.name}</Table.Cell>
              <Table.Cell>
                <Stack gap="0.5">
                  {algo.legs.map((leg, i) => (
                    <Text key={i} textStyle="sm">{describeLeg(leg)}</Text>
                  ))}
                </Stack>
              </Table.Cell>
              <Table.Cell>
                <HStack gap="1">
                  <Badge variant="subtle" size="sm">{algo.product}</Badge>
                  <Badge variant="outline" size="sm">{algo.orderType}</Badge>
                </HStack>
              </Table.Cell>
              <Table.Cell textStyle="sm">{targetsText(algo, accounts)}</Table.Cell>
              <Table.Cell textAlign="end">
                <HStack gap="2" justify="flex-end">
                  <Button size="xs" variant="outline" onClick={() => onEdit(algo)} aria-label={`Edit algo ${algo.name}`}>
                    Edit
                  </Button>
                  <ArchiveAlgoButton algo={algo} onProblem={onProblem} />
                </HStack>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </Table.ScrollArea>
  )
}
