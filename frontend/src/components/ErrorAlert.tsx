import { Alert } from '@chakra-ui/react'
import type { ReactNode } from 'react'

/** A problem and what to do about it. */
export function ErrorAlert({ title, children, testId }: { title?: string; children: ReactNode; testId?: string }) {
  return (
    <Alert.Root status="error" role="alert" data-testid={testId ?? 'error-alert'} borderRadius="l2">
      <Alert.Indicator />
      <Alert.Content>
        {title ? <Alert.Title>{title}</Alert.Title> : null}
        <Alert.Description>{children}</Alert.Description>
      </Alert.Content>
    </Alert.Root>
  )
}
