import { Badge, HStack, Table, Text } from '@chakra-ui/react'
import type { AccountFieldsFragment } from '@/graphql/generated/graphql'
import { formatDate, formatDateTime } from '@/lib/format'
import { formatMoney } from '@/lib/money'
import { linkBadges } from '../lib/edit'
import { templateLabel } from '../lib/templates'
import { ArchiveAccountDialog } from './ArchiveAccountDialog'
import { CashDialog } from './CashDialog'
import { EditAccountDialog } from './EditAccountDialog'

/**
 * Accounts with their cash, capital, multiplier, tags and charges, which copies which, and what
 * can be done to each.
 */
export function AccountsTable({ accounts }: { accounts: AccountFieldsFragment[] }) {
  return (
    <Table.ScrollArea borderWidth="1px" borderRadius="l2">
      <Table.Root size="sm" aria-label="Trading accounts" data-testid="accounts-table">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader>Account</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Cash</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Capital</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Multiplier</Table.ColumnHeader>
            <Table.ColumnHeader>Tags</Table.ColumnHeader>
            <Table.ColumnHeader>Charges</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end" aria-label="Actions" />
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {accounts.map((account) => (
            <Table.Row key={account.id} data-testid="account-row" data-account-label={account.label}>
              <Table.Cell>
                <HStack gap="2" wrap="wrap">
                  <Text fontWeight="medium">{account.label}</Text>
                  {account.archivedAt ? (
                    <Badge size="sm" colorPalette="gray" title={`Archived ${formatDateTime(account.archivedAt)}`}>
                      Archived
                    </Badge>
                  ) : null}
                  <LinkBadges account={account} />
                </HStack>
                <Text textStyle="xs" color="fg.muted" whiteSpace="nowrap">
                  {account.broker} · since {formatDate(account.createdAt)}
                </Text>
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums" data-testid="account-cash">
                {formatMoney(account.cash)}
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {formatMoney(account.capital)}
              </Table.Cell>
              <Table.Cell textAlign="end">×{account.multiplier}</Table.Cell>
              <Table.Cell>
                <HStack gap="1" wrap="wrap">
                  {account.tags.length === 0 ? <Text color="fg.subtle">—</Text> : null}
                  {account.tags.map((tag) => (
                    <Badge key={tag} variant="outline" size="sm">
                      {tag}
                    </Badge>
                  ))}
                </HStack>
              </Table.Cell>
              <Table.Cell whiteSpace="nowrap" title={account.chargesTemplate}>
                {templateLabel(account.chargesTemplate)}
              </Table.Cell>
              <Table.Cell textAlign="end">
                {account.archivedAt ? null : (
                  <HStack gap="2" justify="flex-end">
                    <EditAccountDialog account={account} accounts={accounts} />
                    <CashDialog account={account} move="deposit" />
                    <CashDialog account={account} move="withdraw" />
                    <ArchiveAccountDialog account={account} />
                  </HStack>
                )}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </Table.ScrollArea>
  )
}

/** "copies Swing" on a follower, "2 followers" on a master (their multipliers on hover). */
function LinkBadges({ account }: { account: AccountFieldsFragment }) {
  const links = linkBadges(account)
  return (
    <>
      {links.copies ? (
        <Badge size="sm" colorPalette="purple" data-testid="account-copies" title="Copies that account's manual fills">
          {links.copies}
        </Badge>
      ) : null}
      {links.followers ? (
        <Badge
          size="sm"
          colorPalette="blue"
          data-testid="account-followers"
          title={account.followers.map((f) => `${f.label} ×${f.multiplier}`).join(', ')}
        >
          {links.followers}
        </Badge>
      ) : null}
    </>
  )
}
