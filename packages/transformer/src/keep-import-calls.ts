/**
 * `import(x)` left as written in CommonJS output, for Node's module hooks (register/loader.ts).
 *
 * TypeScript's `module: commonjs` writes `import(x)` as `Promise.resolve().then(() =>
 * __importStar(require(x)))`. Node runs `import()` in a CommonJS module itself, and the two differ:
 * `require` cannot load an ES module with top-level await (`ERR_REQUIRE_ASYNC_MODULE`), gives a
 * CommonJS module's exports through `__importStar` instead of Node's namespace, and skips the
 * import's own resolution (conditions `import`, not `require`). Node's type stripping and tsx keep
 * `import()`; the hooks must too. (jest's CommonJS cannot run `import()` without
 * `--experimental-vm-modules`, and ts-jest writes `require` there: its route keeps TypeScript's.)
 *
 * Runs after the instrumenting transformer and before TypeScript's module transform, which
 * recognises an import call by its callee's kind (`ImportKeyword`): the callee becomes an
 * identifier spelled `import`, which the module transform leaves alone and the printer prints as
 * written.
 */
import type * as TS from "typescript";

export function keepImportCalls(ts: typeof TS): TS.TransformerFactory<TS.SourceFile> {
  return (context) => (sf) => {
    const onPath = pathsToImportCalls(ts, sf);
    if (onPath.size === 0) return sf;
    const f = context.factory;
    // Recursive only along the paths to import calls, which TypeScript's module transform
    // follows itself; everything else is returned as it is.
    const visit = (node: TS.Node): TS.Node => {
      if (!onPath.has(node)) return node;
      const visited = ts.visitEachChild(node, visit, context);
      if (!isImportCall(ts, visited)) return visited;
      const callee = ts.setTextRange(f.createIdentifier("import"), visited.expression);
      return f.updateCallExpression(visited, callee, visited.typeArguments, visited.arguments);
    };
    return ts.visitNode(sf, visit) as TS.SourceFile;
  };
}

function isImportCall(ts: typeof TS, n: TS.Node): n is TS.CallExpression {
  return ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword;
}

/**
 * The import calls of `sf` and every node above them, found without recursion (generated code can
 * nest deeper than a recursive walk goes: walk.ts). The tree may be a transform's output, whose
 * new nodes have no `parent`: parents are taken from the walk itself.
 */
function pathsToImportCalls(ts: typeof TS, sf: TS.SourceFile): Set<TS.Node> {
  const onPath = new Set<TS.Node>();
  if (!/\bimport\s*\(/.test(sf.text)) return onPath;
  const parentOf = new Map<TS.Node, TS.Node>();
  const stack: TS.Node[] = [sf];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    const parent = n;
    ts.forEachChild(n, (c) => {
      parentOf.set(c, parent);
      stack.push(c);
    });
    if (!isImportCall(ts, n)) continue;
    for (let p: TS.Node | undefined = n; p !== undefined && !onPath.has(p); p = parentOf.get(p)) onPath.add(p);
  }
  return onPath;
}
