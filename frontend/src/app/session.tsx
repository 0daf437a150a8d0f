import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react'
import { useNavigate } from 'react-router'
import { Provider } from 'urql'
import { createDalalClient } from '@/graphql/client'

interface SessionControls {
  /** Start over with a fresh client (empty cache, new websocket): after login and logout. */
  resetSession: () => void
}

const SessionContext = createContext<SessionControls>({ resetSession: () => {} })

export function useSession(): SessionControls {
  return useContext(SessionContext)
}

export const SESSION_EXPIRED = 'Your session has ended. Sign in again to continue.'

/** Owns the urql client. When the session cannot be renewed, it goes to /login. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate()
  const navigateRef = useRef(navigate)
  navigateRef.current = navigate

  const make = useCallback(
    () =>
      createDalalClient({
        onSessionExpired: () => navigateRef.current('/login', { replace: true, state: { notice: SESSION_EXPIRED } }),
      }),
    [],
  )
  const [session, setSession] = useState(make)
  const current = useRef(session)

  const resetSession = useCallback(() => {
    current.current.dispose()
    const next = make()
    current.current = next
    setSession(next)
  }, [make])

  return (
    <SessionContext.Provider value={{ resetSession }}>
      <Provider value={session.client}>{children}</Provider>
    </SessionContext.Provider>
  )
}
