import { system } from '@/theme'

/** Concrete colours for canvas charts (which cannot read CSS variables), per colour mode. */
export interface ChartPalette {
  text: string
  grid: string
  border: string
  up: string
  down: string
  line: string
}

const t = (path: string) => String(system.token(path))

export function chartPalette(mode: 'light' | 'dark'): ChartPalette {
  return mode === 'dark'
    ? {
        text: t('colors.gray.400'),
        grid: t('colors.gray.800'),
        border: t('colors.gray.700'),
        up: t('colors.green.400'),
        down: t('colors.red.400'),
        line: t('colors.teal.300'),
      }
    : {
        text: t('colors.gray.600'),
        grid: t('colors.gray.100'),
        border: t('colors.gray.200'),
        up: t('colors.green.600'),
        down: t('colors.red.600'),
        line: t('colors.teal.600'),
      }
}
