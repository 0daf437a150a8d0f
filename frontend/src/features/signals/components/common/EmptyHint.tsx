import { EmptyState } from '@chakra-ui/react'
import type { ReactNode } from 'react'

/** An empty list that says what to do next. */
export function EmptyHint({ icon, title, children, action, testId }: { icon: ReactNode; title: string; children: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <EmptyState.Root size="sm" data-testid={testId}>
      <EmptyState.Content>
        <EmptyState.Indicator>{icon}</EmptyState.Indicator>
        <EmptyState.Title>{title}</EmptyState.Title>
        <EmptyState.Description maxW="md">{children}</EmptyState.Description>
        {action}
      </EmptyState.Content>
    </EmptyState.Root>
  )
}
