// The part of chrome-remote-interface (pinned in package.json) this CLI uses.
declare module "chrome-remote-interface" {
  interface Client {
    send(method: string, params?: object): Promise<{ result?: { value?: unknown } } & Record<string, unknown>>;
    on(event: string, handler: (params: never) => void): void;
    once(event: string, handler: (params: never) => void): void;
    removeListener(event: string, handler: (params: never) => void): void;
    close(): Promise<void>;
  }
  interface Options {
    host?: string;
    port?: number;
    target?: string;
    local?: boolean;
  }
  function CDP(options: Options): Promise<Client>;
  namespace CDP {
    export type { Client, Options };
  }
  export = CDP;
}
