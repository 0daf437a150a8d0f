import type { CodegenConfig } from '@graphql-codegen/cli'

/**
 * Typed operations from the backend's exported schema.
 * Operations live beside their feature in `src/features/<area>/api/*.graphql`.
 * `CODEGEN_OUT` lets `codegen:check` generate into a temporary folder and compare.
 */
const out = process.env.CODEGEN_OUT ?? './src/graphql/generated/'

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/features/**/api/*.graphql', 'src/graphql/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Money and prices travel as strings (exact decimals); never parse them into floats for sums.
        scalars: { DateTime: 'string', Date: 'string', Decimal: 'string', JSON: 'unknown' },
        strictScalars: true,
        nonOptionalTypename: true,
      },
    },
  },
}

export default config
