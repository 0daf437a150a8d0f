import { Checkbox, CheckboxGroup, Fieldset, NativeSelect, Stack, Text, Wrap } from '@chakra-ui/react'
import type { SignalAccountsQuery, TargetMode } from '@/graphql/generated/graphql'
import { TARGET_MODES } from '../../lib/algoForm'
import { SelectField } from '../common/Fields'

type Account = SignalAccountsQuery['accounts'][number]

/** "2.00" → "2", "1.50" → "1.5". */
function trimZeros(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value
}

interface Props {
  mode: TargetMode
  tag: string
  accountIds: string[]
  accounts: Account[]
  problems: Record<string, string>
  onChange: (patch: { targetMode?: TargetMode; tag?: string; accountIds?: string[] }) => void
}

/** Which accounts an algo trades: all, those with a tag, or a chosen list. */
export function TargetsFields({ mode, tag, accountIds, accounts, problems, onChange }: Props) {
  const tags = [...new Set(accounts.flatMap((a) => a.tags))].sort()
  return (
    <Stack gap="3">
      <SelectField label="Target accounts" value={mode} options={TARGET_MODES} onChange={(targetMode) => onChange({ targetMode })}
        problem={problems.targets}
        help={mode === 'ALL' ? `Every active account you have (${accounts.length} now), sized by its multiplier.` : undefined} />
      {mode === 'TAG' ? (
        <Fieldset.Root invalid={!!problems['targets.tag']}>
          <Fieldset.Legend textStyle="sm">Tag</Fieldset.Legend>
          {tags.length === 0 ? (
            <Text textStyle="sm" color="fg.muted">None of your accounts has a tag yet: add tags on the Accounts page.</Text>
          ) : (
            <NativeSelect.Root>
              <NativeSelect.Field aria-label="Tag" value={tag} onChange={(e) => onChange({ tag: e.target.value })}>
                <option value="">Choose a tag</option>
                {tags.map((t) => (
                  <option key={t} value={t}>{t}</option>
                ))}
              </NativeSelect.Field>
              <NativeSelect.Indicator />
            </NativeSelect.Root>
          )}
          <Fieldset.ErrorText>{problems['targets.tag']}</Fieldset.ErrorText>
        </Fieldset.Root>
      ) : null}
      {mode === 'LIST' ? (
        <Fieldset.Root invalid={!!problems['targets.accountIds']}>
          <Fieldset.Legend textStyle="sm">Accounts</Fieldset.Legend>
          {accounts.length === 0 ? (
            <Text textStyle="sm" color="fg.muted">You have no accounts yet: create them on the Accounts page.</Text>
          ) : (
            <CheckboxGroup value={accountIds} onValueChange={(ids) => onChange({ accountIds: ids })} name="accounts">
              <Wrap gap="5">
                {accounts.map((a) => (
                  <Checkbox.Root key={a.id} value={a.id} colorPalette="teal">
                    <Checkbox.HiddenInput />
                    <Checkbox.Control />
                    <Checkbox.Label>
                      {a.label} <Text as="span" color="fg.muted">×{trimZeros(a.multiplier)}</Text>
                    </Checkbox.Label>
                  </Checkbox.Root>
                ))}
              </Wrap>
            </CheckboxGroup>
          )}
          <Fieldset.ErrorText>{problems['targets.accountIds']}</Fieldset.ErrorText>
        </Fieldset.Root>
      ) : null}
    </Stack>
  )
}
