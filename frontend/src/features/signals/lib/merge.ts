/**
 * The signal log and the trades list are pages from queries plus versions that arrived live.
 * Each version carries a stamp (when it reached us); per id the latest stamp wins, so a page
 * refetched after an event replaces the event's copy, and an event replaces an older page's.
 */
import { parseServerDate } from '@/lib/format'

export interface Stamped<T> {
  node: T
  stamp: number
}

export type ById<T> = Record<string, Stamped<T>>

export function stampAll<T extends { id: string }>(nodes: readonly T[], stamp: number): ById<T> {
  const byId: ById<T> = {}
  for (const node of nodes) byId[node.id] = { node, stamp }
  return byId
}

/** One map from several, the latest stamp winning per id. */
export function latest<T>(...sources: ById<T>[]): ById<T> {
  const merged: ById<T> = {}
  for (const source of sources) {
    for (const [id, entry] of Object.entries(source)) {
      const held = merged[id]
      if (!held || entry.stamp >= held.stamp) merged[id] = entry
    }
  }
  return merged
}

/** The nodes, newest first by `at` (ISO strings compare as times), then by id. */
export function newestFirst<T extends { id: string }>(byId: ById<T>, at: (node: T) => string): T[] {
  return Object.values(byId)
    .map((entry) => entry.node)
    .sort((a, b) => {
      const ta = parseServerDate(at(a)).getTime()
      const tb = parseServerDate(at(b)).getTime()
      if (ta !== tb) return tb - ta
      return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
    })
}
