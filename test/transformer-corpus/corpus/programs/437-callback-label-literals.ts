// corpus-expect: routes GET /users/:id,*/ </script>,a"b\c${x}`,it's,\u2028,7,true,null,/t
// corpus-expect: calls 11
// Anonymous callbacks passed next to hostile literal arguments: the transformer writes the call's
// text into the callback frame's label (`<anonymous>(req) in app.get("/users/:id", …)`), so each
// literal's source text (quotes, backslashes, `${`, backquotes, `*/`, `</script>`, a line
// separator escape, a lone surrogate) becomes part of an emitted string. The program must run as
// written in every configuration, and read every literal's value as written.
const log: string[] = [];
type Handler = (req: string) => Promise<string>;
const handlers: Array<[unknown, Handler]> = [];
let calls = 0;
const app = {
  get(path: unknown, ...rest: unknown[]): void {
    calls++;
    handlers.push([path, rest[rest.length - 1] as Handler]);
  },
};

app.get("GET /users/:id", async (req) => {
  await null;
  return `${req}1`;
});
app.get("*/ </script>", async (req) => {
  await null;
  return `${req}2`;
});
app.get("a\"b\\c${x}`", async (req) => `${req}3`);
app.get('it\'s', async (req) => `${req}4`);
app.get("\\u2028", async (req) => `${req}5`);
app.get(7, async (req) => `${req}6`);
app.get(true, async (req) => `${req}7`);
app.get(null, async (req) => `${req}8`);
app.get(`/t`, async (req) => `${req}9`);
app.get("\ud800", async (req) => `${req}10`);
new Promise<void>(async (resolve) => {
  calls++;
  await null;
  resolve();
}).then(async () => {
  const out: string[] = [];
  for (const [path, h] of handlers) {
    const value = await h("r");
    out.push(`${path === "\ud800" ? "lone" : String(path)}=${value}`);
  }
  log.push(`routes ${handlers.slice(0, 9).map(([p]) => String(p)).join(",")}`);
  log.push(`values ${out.join(";")}`);
  log.push(`calls ${calls}`);
  for (const l of log) console.log(l);
});
