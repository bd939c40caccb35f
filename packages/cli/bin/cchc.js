#!/usr/bin/env node
// The `cchc` command. A committed file, so that `npm ci` links the command before anything is built
// (npm links a bin only when its file exists); it loads the build.
import '../dist/cli.js';
