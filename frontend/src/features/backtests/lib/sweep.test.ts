import { describe, expect, it } from 'vitest'
import type { ParamSpec } from './paramForm'
import { axisProblem, gridSize, splitValues } from './sweep'

const fast: ParamSpec = {
  name: 'fast',
  type: 'INT',
  default: '10',
  required: false,
  nullable: false,
  min: 1,
  max: null,
  minExclusive: false,
  maxExclusive: false,
  choices: null,
  description: null,
  appliesWhen: null,
}

describe('the sweep grid', () => {
  it('splits values on commas and spaces, dropping repeats', () => {
    expect(splitValues(' 5, 10,10  20 ,')).toEqual(['5', '10', '20'])
  })

  it('checks every value against the parameter schema', () => {
    expect(axisProblem({ name: 'fast', values: '5, 10' }, [fast])).toBeNull()
    expect(axisProblem({ name: 'fast', values: '5, 0' }, [fast])).toBe('“0”: Enter 1 or more.')
    expect(axisProblem({ name: 'fast', values: '' }, [fast])).toMatch(/Enter the values/)
    expect(axisProblem({ name: 'nope', values: '1' }, [fast])).toBe('Choose a parameter to vary.')
  })

  it('counts the grid points', () => {
    expect(gridSize([{ name: 'fast', values: '1,2,3' }, { name: 'slow', values: '10 20' }])).toBe(6)
  })
})
