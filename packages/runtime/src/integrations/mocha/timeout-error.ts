/** Finding mocha's timeout error, the one the integration appends a tree to. */

const TIMEOUT_CODE = "ERR_MOCHA_TIMEOUT";

function isTimeoutError(e: unknown): e is Error {
  if (e === null || typeof e !== "object") return false;
  const x = e as { code?: unknown; message?: unknown };
  return x.code === TIMEOUT_CODE || (typeof x.message === "string" && x.message.startsWith("Timeout of "));
}

/** Mocha's timeout error among the errors the reporter recorded on the runnable. */
export function findTimeoutError(err: unknown): Error | undefined {
  if (isTimeoutError(err)) return err;
  const multiple = (err as { multiple?: unknown } | null | undefined)?.multiple;
  if (Array.isArray(multiple)) return multiple.find(isTimeoutError);
  return undefined;
}
