// corpus-script
// Sloppy mode (a script, no "use strict"): a plain function called without a receiver gets the global
// object as `this`; instrumentation must not make the file strict (where `this` is undefined).
function whoIs154(this: unknown): string {
  return this === globalThis ? "global" : String(this);
}

async function probe154(): Promise<string> {
  await null;
  const inner = whoIs154();
  const called = whoIs154.call(null);
  return `${inner} ${called}`;
}

probe154().then((v) => console.log("this:", v));
