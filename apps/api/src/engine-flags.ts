/**
 * The flags of Node's engine (V8) the app runs with. V8 reads them only from node's command line: set from
 * inside the process (`v8.setFlagsFromString`) they are recorded but not obeyed (measured on Node 20: the
 * memory reducer went on collecting), and NODE_OPTIONS refuses them. So the start scripts pass them, the
 * tests and the benchmark start the app with them, and a test keeps the scripts in step with this list.
 */
export const APP_ENGINE_FLAGS: readonly string[] = [
  // V8's memory reducer collects the whole heap when the process looks idle, and at least once in 100
  // seconds whatever the load, then shrinks the young generation to its least: the burst of requests after
  // it runs with twice the scavenges and pays for a mark-compact in mid-load (measured at 1,000 scoring
  // requests a second: such a turn had a p99 of 17 ms where the others had 9). A server keeps the memory
  // its load needs.
  '--no-memory-reducer',
  // V8 sizes the young generation by the allocation rate it last measured, and after a quiet spell it
  // measures the spell: the first collection of the next burst shrinks it to 1 MB, and the burst runs with
  // up to sixteen times the scavenges until it has grown back (in one A/B run of loads after 20 s idle:
  // 419–474 µs of CPU a scoring request, and 351–442 with the young generation held at the 16 MB it grows
  // to under load). It costs memory: 313 MB resident once started, against 267 without the flags.
  '--min-semi-space-size=16',
];

/** A flag's name, without its value: `--min-semi-space-size=32` gives the flag a value of its own. */
const flagName = (flag: string) => flag.split('=', 1)[0];

/**
 * The flags of APP_ENGINE_FLAGS this process was started without (none under `npm start`); one given with
 * another value counts as given, the operator's choice.
 */
export const missingEngineFlags = (execArgv: readonly string[] = process.execArgv): string[] =>
  APP_ENGINE_FLAGS.filter((flag) => !execArgv.some((given) => flagName(given) === flagName(flag)));
