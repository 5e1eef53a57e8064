import pkg from '../package.json' with { type: 'json' };

/** The version recorded with every history entry. */
export const APP_VERSION: string = pkg.version;
export const APP_NAME: string = pkg.name;
