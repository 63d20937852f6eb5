// A server's request as the runtime sees it when no task is registered: a traced call made outside
// any task (an automatic root) with two class instances as arguments, pending past the turn that
// made it (bench/instructions.mjs, case `auto-root`; docs/performance.md, P5).

export class Request {
  url = "/7";
}

export class Response {
  status = 0;
  /** What the request waits for (the benchmark releases a batch in the next turn). */
  ready: Promise<void> = Promise.resolve();
}

export async function serve(req: Request, res: Response): Promise<void> {
  await res.ready;
  res.status = req.url.length;
}
