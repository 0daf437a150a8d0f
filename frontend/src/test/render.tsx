import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { MemoryRouter } from 'react-router'
import { Provider, type Client } from 'urql'
import { UiProvider } from '@/components/ui/provider'

export function renderWith(ui: ReactElement, { client, path = '/' }: { client: Client; path?: string }) {
  return render(
    <UiProvider>
      <Provider value={client}>
        <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
      </Provider>
    </UiProvider>,
  )
}
