// Written into the bundle by scripts/build.mjs from package.json's version: no file to read at start-up.
declare const LOADLINE_VERSION: string;

/** The version of this Loadline, as package.json gives it. */
export const VERSION: string = LOADLINE_VERSION;
