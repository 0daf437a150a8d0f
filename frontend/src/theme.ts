import { createSystem, defaultConfig, defineConfig } from '@chakra-ui/react'

/**
 * Dalal's design tokens. Components use these (and Chakra's semantic tokens such as
 * `bg.panel`, `fg.muted`, `border`) rather than raw colours, so light and dark both work.
 */
const config = defineConfig({
  globalCss: {
    'html, body': { bg: 'bg.canvas', color: 'fg' },
  },
  theme: {
    tokens: {
      fonts: {
        heading: {
          value: `Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif`,
        },
        body: {
          value: `Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif`,
        },
        mono: { value: `"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, monospace` },
      },
    },
    semanticTokens: {
      colors: {
        'bg.canvas': { value: { _light: '{colors.gray.50}', _dark: '{colors.gray.950}' } },
        'bg.sidebar': { value: { _light: '{colors.white}', _dark: '{colors.gray.900}' } },
        'brand.solid': { value: { _light: '{colors.teal.600}', _dark: '{colors.teal.400}' } },
        'brand.fg': { value: { _light: '{colors.teal.700}', _dark: '{colors.teal.300}' } },
        'brand.subtle': { value: { _light: '{colors.teal.50}', _dark: '{colors.teal.950}' } },
      },
    },
  },
})

export const system = createSystem(defaultConfig, config)
