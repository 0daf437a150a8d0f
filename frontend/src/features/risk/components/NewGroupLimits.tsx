import { Button, Card, HStack, NativeSelect, Text } from '@chakra-ui/react'
import { useState } from 'react'
import { useQuery } from 'urql'
import { describeError } from '@/graphql/errors'
import { RiskGroupChoicesDocument } from '@/graphql/generated/graphql'
import { LimitsDialog } from './LimitsDialog'

/** Limits for a signal group that has none yet: pick the group, then fill its rules. */
export function NewGroupLimits({ ruled }: { ruled: Set<string> }) {
  const [{ data, error }] = useQuery({ query: RiskGroupChoicesDocument })
  const choices = (data?.signalGroups ?? []).filter((g) => !ruled.has(g.id))
  const [chosen, setChosen] = useState('')
  const group = choices.find((g) => g.id === chosen) ?? choices[0]
  if (error) return <Text color="fg.error">{describeError(error)}</Text>
  if (!group) return null
  return (
    <Card.Root size="sm" variant="subtle" data-testid="new-group-limits">
      <Card.Body>
        <HStack gap="3" wrap="wrap">
          <Text textStyle="sm">Limits for a signal group:</Text>
          <NativeSelect.Root size="sm" width="auto">
            <NativeSelect.Field value={group.id} onChange={(e) => setChosen(e.target.value)} aria-label="Signal group">
              {choices.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </NativeSelect.Field>
            <NativeSelect.Indicator />
          </NativeSelect.Root>
          <LimitsDialog
            key={group.id}
            status={{ scope: { __typename: 'RiskScope', kind: 'GROUP', id: group.id }, label: group.name, limits: null }}
            trigger={
              <Button size="sm" variant="outline">
                Set group limits
              </Button>
            }
          />
        </HStack>
      </Card.Body>
    </Card.Root>
  )
}
