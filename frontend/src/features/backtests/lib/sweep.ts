import { paramProblem, type ParamSpec } from './paramForm'

export interface AxisDraft {
  name: string
  values: string
}

/** Parameters a grid can range over: numbers, choices and switches. */
export function sweepable(specs: ParamSpec[]): ParamSpec[] {
  return specs.filter((s) => s.type !== 'STRING')
}

/** "5, 10,15" → ["5", "10", "15"] (blanks and repeats dropped). */
export function splitValues(text: string): string[] {
  const seen = new Set<string>()
  return text
    .split(/[,\s]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '' && !seen.has(v) && !!seen.add(v))
}

/** What is wrong with an axis, or null; each value is checked against the parameter's schema. */
export function axisProblem(axis: AxisDraft, specs: ParamSpec[]): string | null {
  const spec = specs.find((s) => s.name === axis.name)
  if (!spec) return 'Choose a parameter to vary.'
  const values = splitValues(axis.values)
  if (values.length === 0) return 'Enter the values to try, separated by commas, e.g. 5, 10, 20.'
  for (const value of values) {
    const problem = paramProblem(spec, value)
    if (problem) return `“${value}”: ${problem}`
  }
  return null
}

/** Grid size: the product of the axes' value counts. */
export function gridSize(axes: AxisDraft[]): number {
  return axes.reduce((n, a) => n * splitValues(a.values).length, 1)
}
