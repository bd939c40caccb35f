/**
 * The app's entry: sets the engine's flags before anything else is loaded, then starts the server
 * (server.ts). A flag set once the modules are loaded comes too late: loading them already ran the full
 * collections that set the memory reducer going.
 */
import { setFlagsFromString } from 'node:v8';

// V8's memory reducer, once the process has run a full collection, waits for a quiet spell and collects
// again to give memory back, shrinking the young generation to its least. The next burst of requests then
// runs with a young generation too small for it: twice the scavenges, and survivors promoted, until it has
// grown back (measured: 504 µs of CPU a scoring request in the five seconds after it, 285–311 before). A
// server keeps the memory its load needs; the core alone never runs a full collection, so never pays this.
setFlagsFromString('--no-memory-reducer');

await import('./server.js');
