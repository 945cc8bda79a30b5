import { cp, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig, type Plugin } from 'vite';

/**
 * Produces build/: the renderer (Vite), the Electron main bundle (ESM) with the database
 * migrations beside it, and the preload (CommonJS, as sandboxed preloads require).
 *   node scripts/build.ts             everything
 *   node scripts/build.ts renderer    the renderer only (what the browser host serves)
 */

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const out = (part: string) => fileURLToPath(new URL(`../build/${part}`, import.meta.url));

/**
 * Native modules and Electron itself stay outside the bundles; node_modules ships them (and
 * drizzle-orm, which db/drizzle.ts loads with `require` at run time).
 */
const external = ['electron', 'better-sqlite3', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export async function buildRenderer(): Promise<void> {
  await build({ configFile: fileURLToPath(new URL('../vite.config.mts', import.meta.url)), logLevel: 'warn' });
}

function nodeBundle(entry: string, outDir: string, format: 'es' | 'cjs', fileName: string, plugins: Plugin[] = [], emptyOutDir = true): InlineConfig {
  return {
    root: repoRoot,
    configFile: false,
    logLevel: 'warn',
    plugins,
    ssr: { target: 'node', noExternal: true, external: ['electron', 'better-sqlite3'] },
    build: {
      ssr: entry,
      outDir,
      emptyOutDir,
      target: 'node22',
      sourcemap: true,
      minify: false,
      rollupOptions: { external, output: { format, entryFileNames: fileName } },
    },
  };
}

export async function buildMain(): Promise<void> {
  await build(nodeBundle('main/electron/app.ts', out('main'), 'es', 'app.js'));
  // The WAL checkpointer's thread (db/checkpointer.ts loads it from beside the bundle).
  await build(nodeBundle('db/checkpoint-worker.ts', out('main'), 'es', 'checkpoint-worker.js', [], false));
  // The backup check's thread (db/check-copy.ts loads it from beside the bundle).
  await build(nodeBundle('db/check-copy-worker.ts', out('main'), 'es', 'check-copy-worker.js', [], false));
  // db/connection.ts finds its migrations at `./migrations` beside the bundle that holds it.
  await cp(fileURLToPath(new URL('../db/migrations', import.meta.url)), out('main/migrations'), { recursive: true });
}

export async function buildPreload(): Promise<void> {
  await build(nodeBundle('preload/preload.ts', out('preload'), 'cjs', 'preload.cjs'));
}

export async function buildAll(): Promise<void> {
  await rm(out(''), { recursive: true, force: true });
  await buildRenderer();
  await buildMain();
  await buildPreload();
}

if (import.meta.main) {
  const started = performance.now();
  const what = process.argv[2] ?? 'all';
  if (what === 'renderer') await buildRenderer();
  else if (what === 'all') await buildAll();
  else {
    console.error('usage: node scripts/build.ts [all|renderer]');
    process.exit(2);
  }
  console.log(`built ${what} into build/ in ${Math.round(performance.now() - started)} ms`);
}
