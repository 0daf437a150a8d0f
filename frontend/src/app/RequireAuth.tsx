import { Button, Center, Stack } from '@chakra-ui/react'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router'
import { useMutation, useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { FullPageSpinner } from '@/components/FullPageSpinner'
import { hasSessionCookie } from '@/graphql/csrf'
import { describeError, isUnauthenticated } from '@/graphql/errors'
import { MeDocument, RefreshSessionDocument, type MeQuery } from '@/graphql/generated/graphql'

export type Me = NonNullable<MeQuery['me']>

/**
 * The route guard: renders its children for a signed-in user and sends everyone else to /login.
 * An expired access cookie is dropped by the browser, so `me` is null while the refresh cookie
 * may still be good: when the readable CSRF cookie says a session exists, try one refresh first.
 */
export function RequireAuth({ children }: { children: (me: Me) => ReactNode }) {
  const location = useLocation()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: MeDocument, requestPolicy: 'network-only' })
  const [, refresh] = useMutation(RefreshSessionDocument)
  const [renewal, setRenewal] = useState<'idle' | 'trying' | 'renewed' | 'failed'>('idle')
  // The `me` answer that came before the renewal: wait for a newer one before deciding.
  const before = useRef<MeQuery | undefined>(undefined)
  const anonymous = data !== undefined && data.me === null

  useEffect(() => {
    if (!anonymous || renewal !== 'idle' || !hasSessionCookie()) return
    setRenewal('trying')
    void refresh({}).then((result) => {
      if (result.data?.refreshToken.__typename === 'AuthSuccess') {
        before.current = data
        setRenewal('renewed')
        reexecute({ requestPolicy: 'network-only' })
      } else {
        setRenewal('failed')
      }
    })
  }, [anonymous, renewal, refresh, reexecute, data])

  if (error && !isUnauthenticated(error)) {
    return (
      <Center minH="100dvh" px="4">
        <Stack maxW="md" gap="4">
          <ErrorAlert title="Dalal could not start">{describeError(error)}</ErrorAlert>
          <Button onClick={() => reexecute({ requestPolicy: 'network-only' })}>Try again</Button>
        </Stack>
      </Center>
    )
  }
  if (error) return <Navigate to="/login" replace state={{ from: location.pathname }} />
  // Keep the page on screen while `me` is fetched again in the background.
  if (data?.me) return <>{children(data.me)}</>
  const waiting =
    !data ||
    fetching ||
    renewal === 'trying' ||
    (renewal === 'idle' && anonymous && hasSessionCookie()) ||
    (renewal === 'renewed' && data === before.current)
  if (waiting) return <FullPageSpinner />
  return <Navigate to="/login" replace state={{ from: location.pathname }} />
}
