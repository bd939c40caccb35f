// npm packs a package's own LICENSE, not the repository's: each package gets a copy when it is packed.
import { copyFileSync } from 'node:fs';

copyFileSync(new URL('../LICENSE', import.meta.url), 'LICENSE');
