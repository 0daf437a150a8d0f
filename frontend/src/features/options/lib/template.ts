/** The template form's numbers, checked before asking the server to build on the chain. */

export type StrikeBy = 'width' | 'delta'

export interface TemplateForm {
  width: string
  wing: string
  delta: string
  lots: string
}

export interface TemplateChoice {
  lots: number
  width: number
  wing: number
  delta: number | null
}

export type Parsed = { kind: 'ok'; value: TemplateChoice } | { kind: 'problem'; message: string }

function whole(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null
  const n = Number(text.trim())
  return n >= min && n <= max ? n : null
}

export function parseTemplateChoice(form: TemplateForm, strikeBy: StrikeBy): Parsed {
  const lots = whole(form.lots, 1, 1000)
  if (lots === null) return { kind: 'problem', message: 'Lots must be a whole number from 1 to 1000.' }
  const wing = whole(form.wing, 1, 50)
  if (wing === null) return { kind: 'problem', message: 'Wing must be a whole number of strikes from 1 to 50.' }
  if (strikeBy === 'width') {
    const width = whole(form.width, 0, 50)
    if (width === null) return { kind: 'problem', message: 'N strikes must be a whole number from 0 to 50 (0 is the ATM itself).' }
    return { kind: 'ok', value: { lots, width, wing, delta: null } }
  }
  const delta = Number(form.delta.trim())
  if (form.delta.trim() === '' || !Number.isFinite(delta) || delta <= 0 || delta >= 1) {
    return { kind: 'problem', message: 'Give a delta between 0 and 1, e.g. 0.2 for the 20-delta strikes.' }
  }
  return { kind: 'ok', value: { lots, width: 2, wing, delta } }
}
