import { useState } from 'react'
import { Outlet, useNavigate, useOutletContext } from 'react-router'
import { useMutation } from 'urql'
import { AppShell } from '@/components/AppShell'
import { LogoutDocument } from '@/features/auth'
import { AREAS } from './navigation'
import { RequireAuth, type Me } from './RequireAuth'
import { useSession } from './session'

function SignedIn({ me }: { me: Me }) {
  const navigate = useNavigate()
  const { resetSession } = useSession()
  const [, logout] = useMutation(LogoutDocument)
  const [leaving, setLeaving] = useState(false)

  async function signOut() {
    setLeaving(true)
    // The server clears the cookies; even if the call fails, leave this screen.
    await logout({})
    resetSession()
    navigate('/login', { replace: true })
  }

  return (
    <AppShell user={me} nav={AREAS} onLogout={() => void signOut()} loggingOut={leaving}>
      <Outlet context={me} />
    </AppShell>
  )
}

export function AppLayout() {
  return <RequireAuth>{(me) => <SignedIn me={me} />}</RequireAuth>
}

/** The signed-in user, for pages under the layout. */
export function useMe(): Me {
  return useOutletContext<Me>()
}
