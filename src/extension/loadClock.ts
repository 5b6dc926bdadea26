// Imported first by extension.ts: the time at which the bundle's modules start to evaluate (before the core's
// parsers and rules), so the extension can report how long loading them took, next to its activate() time.
export const MODULE_LOAD_START = performance.now();
