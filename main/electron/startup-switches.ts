/**
 * Command-line switches a packaged till refuses to start with: each would let whoever starts it
 * drive or inspect the app from outside (a debugger on its pages or its main process) or take its
 * pages out of the sandbox. Development builds allow them (Playwright starts Electron with
 * --remote-debugging-port and --inspect). The fuses already disable Node's --inspect in a packaged
 * binary; refusing it here as well says why the app did not start instead of ignoring it.
 */
export const REFUSED_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe', 'no-sandbox', 'disable-web-security'] as const;

/** Node's inspector flags (--inspect, --inspect-brk, --inspect-port=…, …), with Chromium's one dash or two. */
const INSPECT_FLAG = /^--?(inspect[a-z-]*)(?:=|$)/;

/** The refused switches present, by name without dashes; `hasSwitch` is Electron's `app.commandLine.hasSwitch`. */
export function refusedSwitches(hasSwitch: (name: string) => boolean, argv: readonly string[]): string[] {
  const found = new Set<string>(REFUSED_SWITCHES.filter((name) => hasSwitch(name)));
  for (const arg of argv) {
    const inspect = INSPECT_FLAG.exec(arg);
    if (inspect?.[1]) found.add(inspect[1]);
  }
  return [...found];
}
