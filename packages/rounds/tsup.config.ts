import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared.js';

// The embedded store's thread is a file of its own beside the library (openEmbeddedInWorker loads it by
// URL); `shims` gives the CommonJS build an import.meta.url to find it by.
export default defineConfig({
  ...libraryBuild(['src/index.ts', 'src/embedded-worker.ts']),
  shims: true,
});
