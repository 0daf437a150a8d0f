import type { AccountFieldsFragment, UpdateAccountInput } from '@/graphql/generated/graphql'
import { CHARGES_TEMPLATES, parseTags, templateLabel } from './templates'
import { cleanAmount } from './validate'

/** What the edit form holds: text as typed, and `copies` as an account id ('' = copies none). */
export interface EditValues {
  label: string
  multiplier: string
  tags: string
  chargesTemplate: string
  copies: string
}

export function editValues(account: AccountFieldsFragment): EditValues {
  return {
    label: account.label,
    multiplier: account.multiplier,
    tags: account.tags.join(', '),
    chargesTemplate: account.chargesTemplate,
    copies: account.copiesAccount?.id ?? '',
  }
}

/**
 * The update to send: every plain field as the form has it, and the copy link only when it
 * changed (`null` stops copying), so editing a label never re-checks an old link.
 */
export function updateInput(account: AccountFieldsFragment, values: EditValues): UpdateAccountInput {
  const input: UpdateAccountInput = {
    id: account.id,
    label: values.label.trim(),
    multiplier: cleanAmount(values.multiplier),
    tags: parseTags(values.tags),
    chargesTemplate: values.chargesTemplate,
  }
  const before = account.copiesAccount?.id ?? ''
  if (values.copies !== before) input.copiesAccountId = values.copies === '' ? null : values.copies
  return input
}

export interface CopyChoices {
  /** Accounts this one may copy: active, not itself, not copying another (no chains). */
  options: { id: string; label: string }[]
  /** Why it can't copy any account right now, or null. */
  blocked: string | null
}

export function copyChoices(account: AccountFieldsFragment, accounts: AccountFieldsFragment[]): CopyChoices {
  const options = accounts
    .filter((a) => a.id !== account.id && !a.archivedAt && !a.copiesAccount)
    .map((a) => ({ id: a.id, label: a.label }))
  const current = account.copiesAccount
  if (current && !options.some((o) => o.id === current.id)) {
    options.unshift({ id: current.id, label: current.archived ? `${current.label} (archived)` : current.label })
  }
  const count = account.followers.length
  const blocked =
    count > 0
      ? `${count === 1 ? '1 account copies' : `${count} accounts copy`} this one, so it can't copy another. Make ${count === 1 ? 'it' : 'them'} stop first.`
      : null
  return { options, blocked }
}

/** The charges templates to offer, with the account's own first when it is a custom one. */
export function templateChoices(current: string): { value: string; label: string }[] {
  const known = CHARGES_TEMPLATES.map((t) => ({ value: t.value as string, label: t.label as string }))
  return known.some((t) => t.value === current) ? known : [{ value: current, label: templateLabel(current) }, ...known]
}

/** "copies Swing" and "2 followers": the badges of a row, or nothing. */
export function linkBadges(account: AccountFieldsFragment): { copies: string | null; followers: string | null } {
  const count = account.followers.length
  return {
    copies: account.copiesAccount ? `copies ${account.copiesAccount.label}` : null,
    followers: count === 0 ? null : count === 1 ? '1 follower' : `${count} followers`,
  }
}
