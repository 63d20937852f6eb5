// corpus-decorators: legacy
// corpus-expect: routes: GET / list, GET /:id one, POST / create, POST /:id/touch touch, GET /twice twice, GET /user user
// corpus-expect: create as guest: 403 roles=admin
// corpus-expect: traced(fn) keeps: v 2
// experimentalDecorators frameworks (NestJS: `@Get`, `@UseGuards`, `@HttpCode`, `SetMetadata`)
// write reflect-metadata on the method itself (`Reflect.defineMetadata(k, v, descriptor.value)`)
// and read it from the method the class ends up with. A `@traced` written above them replaces that
// method with its wrapper: the wrapper must carry the same metadata, or the route, the guard's roles
// and the status code vanish (found by the NestJS audit: 404 for every route with `@traced` above
// `@Get`, and `@Roles("admin")` below `@traced` no longer enforced). Every order, two `@traced`,
// a user's wrapping decorator in between (which, like any wrapper that does not copy it, drops
// what was written below it: the same with or without `@traced`), a template label, `traced(fn)`.
import "reflect-metadata";
import { traced } from "@await-tree/runtime";

const PATH = "path";
const METHOD = "method";
const ROLES = "roles";
const CODE = "__httpCode__";
const GUARDS = "__guards__";

type Deco = (target: object, key: string | symbol, desc: PropertyDescriptor) => PropertyDescriptor | undefined;

function route(method: string, path: string): Deco {
  return (_t, _k, desc) => {
    Reflect.defineMetadata(PATH, path, desc.value);
    Reflect.defineMetadata(METHOD, method, desc.value);
    return desc;
  };
}
const Get = (path = "/") => route("GET", path);
const Post = (path = "/") => route("POST", path);
function SetMetadata(key: string, value: unknown): Deco {
  return (_t, _k, desc) => {
    Reflect.defineMetadata(key, value, desc.value);
    return desc;
  };
}
const Roles = (...roles: string[]) => SetMetadata(ROLES, roles);
const HttpCode = (code: number) => SetMetadata(CODE, code);
function UseGuards(...names: string[]): Deco {
  return (_t, _k, desc) => {
    const prev = (Reflect.getMetadata(GUARDS, desc.value) as string[] | undefined) ?? [];
    Reflect.defineMetadata(GUARDS, [...prev, ...names], desc.value);
    return desc;
  };
}
const seen: string[] = [];
function Logged(): Deco {
  return (_t, key, desc) => {
    const inner = desc.value as (...a: unknown[]) => unknown;
    desc.value = function (this: unknown, ...args: unknown[]) {
      seen.push(`logged ${String(key)}`);
      return inner.apply(this, args);
    };
    return desc;
  };
}

class Items {
  private data = new Map<number, string>([[1, "seed"]]);

  @traced()
  @Get()
  @UseGuards("auth")
  @SetMetadata("tag", "list")
  async list(): Promise<string[]> {
    await null;
    return [...this.data.values()];
  }

  @Get("/:id")
  @UseGuards("auth")
  @traced()
  async one(id: number): Promise<string> {
    await null;
    return this.data.get(id) ?? "missing";
  }

  @Post()
  @traced("create ${name}")
  @Roles("admin")
  @HttpCode(201)
  async create(name: string): Promise<number> {
    await Promise.resolve();
    this.data.set(this.data.size + 1, name);
    return this.data.size;
  }

  @HttpCode(202)
  @traced()
  @Post("/:id/touch")
  @UseGuards("audit")
  @Roles("admin", "editor")
  async touch(id: number): Promise<string> {
    return `touched ${await this.one(id)}`;
  }

  @UseGuards("outer")
  @traced()
  @Logged()
  @Get("/slow")
  @UseGuards("inner")
  async slow(): Promise<string> {
    await new Promise((r) => setTimeout(r, 1));
    return "slow";
  }

  @traced()
  @traced("inner")
  @Get("/twice")
  async twice(): Promise<string> {
    await null;
    return "twice";
  }

  // Synchronous, returning a promise.
  @traced()
  @Get("/user")
  @Roles("viewer")
  user(): Promise<string> {
    return Promise.resolve("user");
  }
}

function metadataOf(fn: object): string {
  return (Reflect.getOwnMetadataKeys(fn) as string[])
    .slice()
    .sort()
    .map((k) => `${k}=${JSON.stringify(Reflect.getOwnMetadata(k, fn))}`)
    .join(" ");
}

async function main(): Promise<void> {
  const proto = Items.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const names = Object.getOwnPropertyNames(proto).filter((n) => n !== "constructor");
  const table: string[] = [];
  for (const n of names) {
    const fn = proto[n] as object;
    console.log(`${n}: ${metadataOf(fn)}`);
    const path = Reflect.getMetadata(PATH, fn) as string | undefined;
    if (path !== undefined) table.push(`${Reflect.getMetadata(METHOD, fn)} ${path} ${n}`);
  }
  console.log(`routes: ${table.join(", ")}`);

  const items = new Items();
  async function dispatch(name: string, role: string, ...args: unknown[]): Promise<string> {
    const fn = proto[name] as (...a: unknown[]) => Promise<unknown>;
    const roles = Reflect.getMetadata(ROLES, fn) as string[] | undefined;
    if (roles !== undefined && !roles.includes(role)) return `403 roles=${roles.join("|")}`;
    const code = (Reflect.getMetadata(CODE, fn) as number | undefined) ?? 200;
    return `${code} ${JSON.stringify(await fn.apply(items, args))}`;
  }
  console.log(`create as guest: ${await dispatch("create", "guest", "x")}`);
  console.log(`create as admin: ${await dispatch("create", "admin", "widget")}`);
  console.log(`touch as editor: ${await dispatch("touch", "editor", 2)}`);
  console.log(`list: ${await dispatch("list", "guest")}`);
  console.log(`slow: ${await dispatch("slow", "guest")} ${seen.join(",")}`);
  console.log(`twice: ${await dispatch("twice", "guest")}`);
  console.log(`user as viewer: ${await dispatch("user", "viewer")}`);

  const plain = async (x: number): Promise<number> => x + 1;
  Reflect.defineMetadata("k", "v", plain);
  const wrapped = traced(plain);
  console.log(`traced(fn) keeps: ${Reflect.getMetadata("k", wrapped)} ${await wrapped(1)}`);
}
main();
