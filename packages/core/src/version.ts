import packageJson from '../package.json' with { type: 'json' };

/** The version of @cchc/core, as published. */
export const version: string = packageJson.version;
