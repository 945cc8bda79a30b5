import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';

/** Directives a `<meta http-equiv>` policy may not carry (CSP 3: browsers ignore them there, with a warning). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'report-to', 'sandbox']);

const directives = (policy: string) => policy.split(';').map((d) => d.trim()).filter((d) => d !== '');

/** The meta tag's policy in a page's head, and what comes before it there. */
function metaPolicyOf(html: string): { policy: string | undefined; before: string } {
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i.exec(html);
  const head = html.slice(html.indexOf('<head>') + '<head>'.length, match?.index ?? 0);
  return { policy: match?.[1], before: head.replace(/<!--[\s\S]*?-->/g, '') };
}

describe('the renderer page', () => {
  const page = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
  const meta = metaPolicyOf(page);

  it("carries the header's policy as a meta tag, less what only a header can say", () => {
    const expected = directives(CONTENT_SECURITY_POLICY).filter((d) => !HEADER_ONLY.has(d.split(/\s+/)[0]!));
    expect(directives(CONTENT_SECURITY_POLICY).length).toBeGreaterThan(expected.length); // frame-ancestors is dropped
    expect(directives(meta.policy ?? '')).toEqual(expected);
  });

  it('puts it before anything that loads: only the charset comes first', () => {
    expect(meta.before.trim()).toMatch(/^<meta charset="UTF-8" \/>$/);
  });
});
