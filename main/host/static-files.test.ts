import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveStaticFile } from './static-files.ts';

const root = resolve('/srv/renderer');

describe('resolveStaticFile', () => {
  it('maps paths inside the folder, "/" to index.html', () => {
    expect(resolveStaticFile(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticFile(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
  });

  it.each(['/../secret', '/..%2f..%2fetc/passwd', '/%2e%2e/x', '/a%00b', '/%E0%A4%A', '/..\\x', 'relative', '/..'])('refuses %s', (path) => {
    expect(resolveStaticFile(root, path)).toBeNull();
  });

  it('names content types', () => {
    expect(contentTypeOf('a.js')).toContain('text/javascript');
    expect(contentTypeOf('a.css')).toContain('text/css');
    expect(contentTypeOf('a.bin')).toBe('application/octet-stream');
  });
});
