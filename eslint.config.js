import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * Lint, and the process boundaries as build errors (STYLE.md): code for one process never
 * imports code of another. `no-restricted-imports` sees the import string only, so each rule is
 * written per folder depth: from renderer/orders/X.tsx, "../../main/…" leaves the renderer.
 * Tests (`*.test.ts`, and test helpers in `testing/` folders) and e2e/, bench/, scripts/ may
 * import anything.
 */

const MAX_DEPTH = 8;
const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'];
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const ELECTRON_ALLOWED = ['main/electron/**', 'preload/**', 'e2e/**'];
const ELECTRON = { name: 'electron', allowTypeImports: true, message: "Only main/electron/ and preload/ may load 'electron' at run time; use `import type` elsewhere." };
const DRIZZLE_LOADERS = ['db/drizzle.ts', 'server/db/drizzle.ts'];
const DRIZZLE_MESSAGE = 'Load drizzle-orm through db/drizzle.ts (server/db/drizzle.ts in the server): its ES modules are slow to load; `import type` is fine.';
const DRIZZLE = [{ name: 'drizzle-orm', allowTypeImports: true, message: DRIZZLE_MESSAGE }];
const DRIZZLE_PATTERNS = [{ regex: '^drizzle-orm/', allowTypeImports: true, message: DRIZZLE_MESSAGE }];

/** `@typescript-eslint/no-restricted-imports` per set of files (drizzle-orm's subpaths by pattern). */
function restrictedPackages(sets) {
  return sets.map(({ files, ignores = [], paths }, i) => ({
    name: `packages/${i}`,
    files,
    ignores,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns: paths.some((p) => p.name === 'drizzle-orm') ? DRIZZLE_PATTERNS : [] }] },
  }));
}

/** One config object per depth below `folder`; `make(depth)` returns the rule's patterns and paths. */
function boundary(folder, make) {
  return Array.from({ length: MAX_DEPTH }, (_, index) => {
    const depth = index + 1;
    const { patterns, paths = [] } = make(`^(?:\\.\\./){${depth}}`);
    return {
      name: `boundaries/${folder}/depth-${depth}`,
      files: [`${folder}/${'*/'.repeat(index)}*.{ts,tsx,mts,js}`],
      ignores: TESTS,
      rules: { 'no-restricted-imports': ['error', { patterns, paths }] },
    };
  });
}

export default defineConfig([
  globalIgnores(['build/', 'release/', 'node_modules/', 'db/migrations/', 'server/db/migrations/', 'test-results/', 'playwright-report/', '.data/', '.tmp/', 'coverage/']),
  {
    files: ['**/*.{ts,tsx,mts}'],
    extends: [tseslint.configs.recommended],
  },
  {
    files: ['**/*.{ts,tsx,mts}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests feed deliberately ill-typed input to check it is refused.
    files: TESTS,
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  // The renderer reaches the terminal only through window.pos: renderer files, common/, browser packages.
  ...boundary('renderer', (root) => ({
    patterns: [
      { regex: `${root}(?!common/)`, message: 'The renderer may import only renderer files and common/; it talks to main through window.pos.' },
      { regex: '^node:', message: 'Node modules do not exist in the renderer.' },
    ],
    paths: [
      ...['electron', 'better-sqlite3'].map((name) => ({ name, message: 'The renderer talks to main only through window.pos.' })),
      ...builtinModules.map((name) => ({ name, message: 'Node modules do not exist in the renderer.' })),
    ],
  })),

  // The sandboxed preload: Electron and the IPC contract, nothing else.
  ...boundary('preload', (root) => ({
    patterns: [
      {
        regex: `^(?!electron$)(?!${root.slice(1)}common/ipc-(?:contract|channels)\\.ts$)`,
        message: 'The preload may import only electron, ../common/ipc-channels.ts and types from ../common/ipc-contract.ts.',
      },
    ],
  })),

  // Shared code runs in every process: only zod and other common files.
  ...boundary('common', (root) => ({
    patterns: [
      { regex: root, message: 'common/ may import only other common/ files and zod.' },
      { regex: '^(?!\\.|zod$|zod/)', message: 'common/ may import only other common/ files and zod.' },
    ],
  })),

  // The reference backend has its own database (server/db) and shares only common/.
  ...boundary('server', (root) => ({
    patterns: [{ regex: `${root}(?:main|renderer|preload|db)(?:/|$)`, message: 'The server may not import main/, renderer/, preload/ or the terminal db/ (it has server/db).' }],
    paths: [{ name: 'electron', message: 'The server does not run in Electron.' }],
  })),

  // Main: no renderer or server code.
  ...boundary('main', (root) => ({
    patterns: [{ regex: `${root}(?:renderer|server)(?:/|$)`, message: 'main/ may not import renderer/ or server/.' }],
  })),
  ...boundary('db', (root) => ({
    patterns: [{ regex: `${root}(?:main|renderer|server|preload)(?:/|$)`, message: 'db/ may not import main/, renderer/, server/ or preload/.' }],
  })),

  // Only the Electron shell and the preload load 'electron' at run time (it has no binary
  // elsewhere), and only the two loaders load drizzle-orm (db/drizzle.ts says why). One rule
  // object per set of files: a later object's options replace an earlier one's for a file.
  ...restrictedPackages([
    { files: ['**/*.{ts,tsx,mts}'], ignores: [...ELECTRON_ALLOWED, ...DRIZZLE_LOADERS, ...TESTS], paths: [ELECTRON, ...DRIZZLE] },
    { files: [...ELECTRON_ALLOWED, ...TESTS], paths: DRIZZLE },
    { files: DRIZZLE_LOADERS, paths: [ELECTRON] },
  ]),
]);
