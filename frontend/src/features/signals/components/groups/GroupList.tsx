import { Badge, Box, HStack, Stack, Text } from '@chakra-ui/react'
import type { SignalGroupSummaryFragment } from '@/graphql/generated/graphql'
import { sourceLabel } from '../../lib/status'

interface Props {
  groups: SignalGroupSummaryFragment[]
  selected: string | null
  onSelect: (id: string) => void
}

/** The user's groups; the chosen one shows beside. */
export function GroupList({ groups, selected, onSelect }: Props) {
  return (
    <Stack as="ul" gap="2" listStyleType="none" m="0" p="0" aria-label="Signal groups">
      {groups.map((g) => {
        const current = g.id === selected
        return (
          <li key={g.id}>
            <Box
              as="button"
              onClick={() => onSelect(g.id)}
              aria-current={current ? 'true' : undefined}
              data-testid="group-item"
              data-group-name={g.name}
              w="full"
              textAlign="start"
              p="3"
              borderWidth="1px"
              borderRadius="l2"
              borderColor={current ? 'brand.solid' : 'border'}
              bg={current ? 'brand.subtle' : 'bg.panel'}
              _hover={{ bg: current ? 'brand.subtle' : 'bg.muted' }}
              cursor="pointer"
            >
              <HStack justify="space-between" gap="2">
                <Text fontWeight="semibold" lineClamp={2} wordBreak="break-word">
                  {g.name}
                </Text>
                <Badge colorPalette={g.active ? 'green' : 'gray'} variant="subtle" size="sm">{g.active ? 'Active' : 'Paused'}</Badge>
              </HStack>
              <Text textStyle="xs" color="fg.muted" mt="1">
                {sourceLabel(g.source)} · {g.entryAlgos.length === 0 ? 'no algo linked' : g.entryAlgos.map((a) => a.name).join(', ')}
              </Text>
            </Box>
          </li>
        )
      })}
    </Stack>
  )
}
