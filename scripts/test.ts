/**
 * `npm test`: every check, in order — type checks, lint, the Vitest suites (unit, integration,
 * crash, chaos), then the Playwright end-to-end specs. Ends with one plain line
 * `N passed, M failed` adding up every runner's counts (a type check or lint run counts as one).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = fileURLToPath(new URL('../test-results/', import.meta.url));
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

let passed = 0;
let failed = 0;
const lines: string[] = [];

function run(label: string, command: string, args: string[]): boolean {
  process.stdout.write(`\n== ${label}\n`);
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  lines.push(`${label}: exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function step(label: string, command: string, args: string[]): void {
  if (run(label, command, args)) passed++;
  else failed++;
}

step('typecheck (node side)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('typecheck (renderer)', bin('tsc'), ['-p', 'tsconfig.renderer.json', '--noEmit']);
step('lint (import boundaries)', bin('eslint'), ['.']);

const vitestJson = `${results}vitest.json`;
const vitestOk = run('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTestSuites: number };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (!vitestOk && report.numFailedTests === 0) failed++; // a suite that failed to load
} else {
  failed++;
}

const playwrightJson = `${results}playwright.json`;
if (existsSync(fileURLToPath(new URL('../playwright.config.ts', import.meta.url)))) {
  const e2eOk = run('playwright', bin('playwright'), ['test']);
  if (existsSync(playwrightJson)) {
    const report = JSON.parse(readFileSync(playwrightJson, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    if (!e2eOk && report.stats.unexpected === 0) failed++;
  } else {
    failed++;
  }
}

console.log(`\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
