import { useEffect, useState } from 'react'

/** `value`, once it has stopped changing for `ms` milliseconds (for search boxes). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms)
    return () => window.clearTimeout(timer)
  }, [value, ms])
  return settled
}

/**
 * `value` at most once every `ms` milliseconds: for inputs that change all the time (a live
 * price), where a debounce would never settle.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [kept, setKept] = useState(value)
  const [last, setLast] = useState(0)
  useEffect(() => {
    if (Object.is(value, kept)) return
    const wait = Math.max(0, last + ms - Date.now())
    const timer = window.setTimeout(() => {
      setKept(value)
      setLast(Date.now())
    }, wait)
    return () => window.clearTimeout(timer)
  }, [value, kept, last, ms])
  return kept
}
