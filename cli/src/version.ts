// Written into the bundle by scripts/build.mjs from package.json: no file to read at start-up.
declare const LOADLINE_VERSION: string;
declare const LOADLINE_INFORMATION_URI: string;

/** The version of this Loadline, as package.json gives it. */
export const VERSION: string = LOADLINE_VERSION;
/** Where a report's reader learns about the tool: its Marketplace page. */
export const INFORMATION_URI: string = LOADLINE_INFORMATION_URI;
