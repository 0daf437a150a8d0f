import { EmptyState, VStack } from '@chakra-ui/react'
import type { ReactNode } from 'react'
import { LuConstruction } from 'react-icons/lu'
import { PageHeader } from './PageHeader'

/** The honest page for an area that is not built yet. */
interface ComingSoonProps {
  title: string
  description?: string
  icon?: ReactNode
  /** Overrides "<title> arrives in a coming release" (e.g. for a page that does not exist). */
  headline?: string
}

export function ComingSoon({ title, description, icon, headline }: ComingSoonProps) {
  return (
    <VStack align="stretch" gap="6">
      <PageHeader title={title} />
      <EmptyState.Root
        data-testid="coming-soon"
        borderWidth="1px"
        borderStyle="dashed"
        borderRadius="l3"
        bg="bg.panel"
        py="16"
      >
        <EmptyState.Content>
          <EmptyState.Indicator>{icon ?? <LuConstruction />}</EmptyState.Indicator>
          <VStack textAlign="center" gap="2">
            <EmptyState.Title>{headline ?? `${title} arrives in a coming release`}</EmptyState.Title>
            <EmptyState.Description maxW="md">
              {description ?? `This area is not built yet. Nothing here is hidden from you: there is simply no ${title.toLowerCase()} screen so far.`}
            </EmptyState.Description>
          </VStack>
        </EmptyState.Content>
      </EmptyState.Root>
    </VStack>
  )
}
