import nx from '@nx/eslint-plugin';

// The arrows from DESIGN.md, as Nx tag constraints:
// - apps use feature, util and contract libs, never other apps;
// - a component's libs use their own scope plus shared (and contracts, which are scope:shared);
// - the sidecar reaches pilot only through contracts.
const scopeRules = ['galley', 'pilot', 'sidecar', 'mixer', 'citadel', 'injector'].map((scope) => ({
  sourceTag: `scope:${scope}`,
  onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
}));

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/src/gen/**', 'tmp/**', 'coverage/**', '**/*.cjs', '**/*.js', '**/*.mjs'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:util', 'type:contract'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:util', 'type:contract'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contract'] },
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:util', 'type:contract'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:util', 'type:contract'] },
            // Benchmarks drive components' libs directly, in process, against a reference.
            { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:feature', 'type:util', 'type:contract'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...scopeRules,
            { sourceTag: 'scope:istioctl', onlyDependOnLibsWithTags: ['scope:istioctl', 'scope:shared', 'scope:galley', 'scope:injector', 'scope:pilot'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:bench', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'scope:demo', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      'max-lines': ['error', { max: 600, skipBlankLines: false, skipComments: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
];
