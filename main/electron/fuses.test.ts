import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * The packaged binary's fuses, as electron-builder.yml flips them. A fuse is read once, when the
 * binary is packed, and a wrong value is silent, so each one is pinned here. js-yaml is the YAML
 * parser electron-builder itself reads the file with (a dependency of it, without types).
 */
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const builderSchema = require('app-builder-lib/scheme.json') as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };

const config = yaml.load(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as {
  electronFuses?: Record<string, unknown>;
  linux?: { target?: unknown };
  mac?: unknown;
  win?: unknown;
};

describe('electron-builder.yml', () => {
  it('sets every fuse, each to its hardened value', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      // Enforced only on macOS and Windows builds; see the comment in electron-builder.yml.
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('names only fuses electron-builder knows, so none is a misspelt no-op', () => {
    const known = Object.keys(builderSchema.definitions.FuseOptionsV1.properties);
    expect(known).toEqual(expect.arrayContaining(Object.keys(config.electronFuses ?? {})));
  });

  it('packs for Linux only (a macOS or Windows target is where the asar integrity fuse would start to check)', () => {
    expect(config.linux?.target).toEqual(['dir']);
    expect(config.mac).toBeUndefined();
    expect(config.win).toBeUndefined();
  });
});
