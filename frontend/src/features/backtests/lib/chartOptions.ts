import type { DeepPartial, Time, TimeChartOptions } from 'lightweight-charts'

const day = new Intl.DateTimeFormat('en-IN', { day: '2-digit', month: 'short', year: '2-digit', timeZone: 'Asia/Kolkata' })
const month = new Intl.DateTimeFormat('en-IN', { month: 'short', year: '2-digit', timeZone: 'Asia/Kolkata' })

const asDate = (time: Time) => (typeof time === 'number' ? new Date(time * 1000) : null)

/**
 * Daily bars sit at 09:15 IST, so the shared chart's time-of-day axis would label every tick
 * "09:15": daily charts show dates instead (months on the axis, the day under the crosshair).
 */
export function daysAxis(daily: boolean): DeepPartial<TimeChartOptions> {
  if (!daily) return {}
  return {
    localization: { timeFormatter: (time: Time) => (asDate(time) ? day.format(asDate(time)!) : String(time)) },
    timeScale: {
      timeVisible: false,
      tickMarkFormatter: (time: Time) => {
        const date = asDate(time)
        return date ? month.format(date) : String(time)
      },
    },
  }
}
