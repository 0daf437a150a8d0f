import type { StrategyParamFieldsFragment } from '@/graphql/generated/graphql'

/**
 * The builder's form, generated from a strategy's parameter schema (the `strategies` query).
 * Values are kept as the text typed (booleans as "true"/"false"), so nothing is lost to parsing
 * while the person types; they are checked against the schema before a run is sent.
 */
export type ParamSpec = Omit<StrategyParamFieldsFragment, '__typename'>
export type ParamValues = Record<string, string>
export type ParamProblems = Record<string, string>

const INTEGER = /^[-+]?\d+$/
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/

/** "sizing.risk_fraction" → "Sizing · risk fraction". */
export function paramLabel(name: string): string {
  const words = name.split('.').map((part) => part.replace(/_/g, ' '))
  const text = words.join(' · ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Defaults as text; a boolean without one starts off. */
export function initialValues(specs: ParamSpec[]): ParamValues {
  const values: ParamValues = {}
  for (const spec of specs) values[spec.name] = spec.default ?? (spec.type === 'BOOL' ? 'false' : '')
  return values
}

/** A parameter that applies only when another has a value ("sizing.kind=lots") is hidden otherwise. */
export function isShown(spec: ParamSpec, values: ParamValues): boolean {
  if (!spec.appliesWhen) return true
  const [name, wanted] = spec.appliesWhen.split('=', 2)
  return values[name ?? ''] === wanted
}

function boundsProblem(spec: ParamSpec, value: number): string | null {
  const { min, max } = spec
  if (min !== null && (spec.minExclusive ? value <= min : value < min)) {
    return spec.minExclusive ? `Enter a number above ${min}.` : `Enter ${min} or more.`
  }
  if (max !== null && (spec.maxExclusive ? value >= max : value > max)) {
    return spec.maxExclusive ? `Enter a number below ${max}.` : `Enter ${max} or less.`
  }
  return null
}

/** What is wrong with one value, in words that say what to enter; null when it is fine. */
export function paramProblem(spec: ParamSpec, raw: string): string | null {
  const text = raw.trim()
  if (text === '') return spec.required && !spec.nullable ? `Enter ${paramLabel(spec.name).toLowerCase()}.` : null
  switch (spec.type) {
    case 'INT':
      if (!INTEGER.test(text)) return 'Enter a whole number, e.g. 10.'
      return boundsProblem(spec, Number(text))
    case 'FLOAT':
    case 'DECIMAL':
      if (!NUMBER.test(text)) return 'Enter a number, e.g. 0.5.'
      return boundsProblem(spec, Number(text))
    case 'BOOL':
      return text === 'true' || text === 'false' ? null : 'Choose yes or no.'
    case 'ENUM':
      return spec.choices && !spec.choices.includes(text) ? `Choose one of: ${spec.choices.join(', ')}.` : null
    default:
      return null
  }
}

/** Problems of the parameters that are shown (hidden ones are not sent). */
export function validateParams(specs: ParamSpec[], values: ParamValues): ParamProblems {
  const problems: ParamProblems = {}
  for (const spec of specs) {
    if (!isShown(spec, values)) continue
    const problem = paramProblem(spec, values[spec.name] ?? '')
    if (problem) problems[spec.name] = problem
  }
  return problems
}

/**
 * The `params` JSON of a run: shown, non-empty values, typed. Decimals stay strings (exact);
 * the server fills in defaults for anything left out.
 */
export function toParams(specs: ParamSpec[], values: ParamValues): Record<string, string | number | boolean> {
  const params: Record<string, string | number | boolean> = {}
  for (const spec of specs) {
    const text = (values[spec.name] ?? '').trim()
    if (!isShown(spec, values) || text === '') continue
    if (spec.type === 'INT' || spec.type === 'FLOAT') params[spec.name] = Number(text)
    else if (spec.type === 'BOOL') params[spec.name] = text === 'true'
    else params[spec.name] = text
  }
  return params
}

/** A run's stored params back as form text (for "run again" and the sweep's base). */
export function valuesOfParams(specs: ParamSpec[], params: unknown): ParamValues {
  const values = initialValues(specs)
  if (params && typeof params === 'object') {
    const flat = flatten(params as Record<string, unknown>)
    for (const spec of specs) if (spec.name in flat) values[spec.name] = String(flat[spec.name])
  }
  return values
}

/** {sizing: {kind: "lots"}} → {"sizing.kind": "lots"}: runs store nested params. */
export function flatten(params: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, flatten(value as Record<string, unknown>, name))
    else if (value !== null && value !== undefined) out[name] = value
  }
  return out
}
