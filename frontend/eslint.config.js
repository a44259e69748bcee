// Lint: typescript-eslint strict (type-aware), the rules of hooks, kebab-case file names and
// feature islands (a feature never imports another feature: engineering guide, rule 9).
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$/;

const alva = {
  rules: {
    'kebab-case-filename': {
      meta: {
        type: 'suggestion',
        schema: [],
        messages: { bad: 'File names are kebab-case: {{name}}' },
      },
      create(context) {
        const name = basename(context.filename);
        return {
          Program(node) {
            if (!KEBAB.test(name)) context.report({ node, messageId: 'bad', data: { name } });
          },
        };
      },
    },
  },
};

const featureIslands = features.map((feature) => ({
  files: [`src/features/${feature}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^@/features/(?!${feature}(/|$))`,
            message:
              'Features never import each other: move shared code to src/components or src/lib.',
          },
          {
            regex: '^\\.\\./\\.\\./\\.\\.',
            message: 'Leave the feature through @/components or @/lib, not a relative path.',
          },
        ],
      },
    ],
  },
}));

export default defineConfig([
  globalIgnores([
    'dist/',
    'coverage/',
    'node_modules/',
    'src/lib/api/generated/',
    'e2e/artifacts/',
  ]),
  {
    files: ['**/*.{ts,tsx}'],
    extends: [
      js.configs.recommended,
      tseslint.configs.strictTypeChecked,
      tseslint.configs.stylisticTypeChecked,
      reactHooks.configs.flat.recommended,
    ],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { alva },
    rules: {
      'alva/kebab-case-filename': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      // Empty strings (a user without a full name) should fall through to the next choice.
      '@typescript-eslint/prefer-nullish-coalescing': [
        'error',
        { ignorePrimitives: { string: true } },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  ...featureIslands,
]);
