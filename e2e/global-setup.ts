import { buildMain, buildPreload, buildRenderer } from '../scripts/build.ts';
import { findElectronBinary } from '../scripts/electron-binary.ts';

/** The specs run against the built app: build it fresh (about a second). */
export default async function globalSetup(): Promise<void> {
  await buildRenderer();
  if (findElectronBinary()) {
    await buildMain();
    await buildPreload();
  }
}
