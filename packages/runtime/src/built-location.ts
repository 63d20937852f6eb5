/**
 * Where this copy's built code lives, for code that must recognise its own stack frames (the mocha
 * integration trims them). The CommonJS build knows it from `__dirname`; the ES module build's glue
 * (scripts/post-build.mjs) sets `esmDist` when it runs from the package's `dist/esm/runtime.mjs`.
 * In a bundle neither is known: the bundle holds the user's code too.
 */
export const builtLocation: { esmDist: string | undefined } = { esmDist: undefined };
