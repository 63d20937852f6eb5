/**
 * Imports that only `design:*` metadata reads, in ES module output compiled one file at a time.
 *
 * `tsc` knows, with the whole program, whether `import { ILogger } from "./types.js"` names an
 * interface (the import is dropped and the metadata says `Object`) or a class (the import stays
 * and the metadata names it). One file at a time (`transpileModule`, `isolatedModules`) TypeScript
 * cannot know, keeps the import, and writes `typeof ILogger !== "undefined" && ILogger`: in
 * CommonJS that reads `undefined` from the module's exports, but an ES module that imports a name
 * its source does not export fails to link (`SyntaxError: The requested module './types.js' does
 * not provide an export named 'ILogger'`), and a Rollup build stops the same way. InversifyJS
 * applications write exactly that (`constructor(@inject(TYPES.Logger) logger: ILogger)`), and run
 * with `tsc` (found auditing InversifyJS 7 under the Node hooks, 2026-12-05).
 *
 * TypeScript's own advice for `isolatedModules` (TS1272) is a namespace import: its members are
 * read as properties, and a missing one is `undefined`, so the metadata says `Object` as `tsc`
 * writes it, and a class is still the class (its binding read when the decorators run, as the
 * named import would be, temporal dead zone included). So this `after` transformer moves the
 * specifiers whose every use is inside a `__metadata("design:…", …)` call to a namespace import of
 * the same module, placed where the import was (module evaluation order does not change), and
 * reads them as its members. Anything else read elsewhere keeps its import as written.
 *
 * Names are resolved by scope: an identifier that a nearer declaration of the same name shadows (a
 * parameter `ILogger` of some function, a local variable, function, class or catch binding) is not
 * the import's, neither as a use elsewhere nor in metadata (TypeScript's one-file output reads the
 * local there, and so does ours).
 */
import type * as TS from "typescript";
import { Scopes } from "./scope";

/** The `after` transformer; a file without such imports is returned as it is. */
export function metadataImportsTransformer(ts: typeof TS): TS.TransformerFactory<TS.SourceFile> {
  return (context) => (sf) => rewrite(ts, context, sf);
}

function rewrite(ts: typeof TS, context: TS.TransformationContext, sf: TS.SourceFile): TS.SourceFile {
  const f = context.factory;
  const candidates = importedNames(ts, sf);
  if (candidates.size === 0) return sf;
  const found = uses(ts, sf, candidates);
  const moved = new Map<string, Imported>();
  for (const [local, c] of candidates) {
    if (found.inMetadata.has(local) && !found.elsewhere.has(local)) moved.set(local, c);
  }
  if (moved.size === 0) return sf;
  const namespaces = new Map<TS.ImportDeclaration, TS.Identifier>();
  for (const { decl } of moved.values()) {
    if (!namespaces.has(decl)) namespaces.set(decl, f.createUniqueName("$meta"));
  }
  // The identifiers to replace, and the nodes on their paths: the visit below descends only there,
  // so its recursion is as deep as those paths (generated code can nest far deeper elsewhere).
  const targets = new Set<TS.Node>();
  const onPath = new Set<TS.Node>();
  for (const [local, refs] of found.inMetadata) {
    if (!moved.has(local)) continue;
    for (const { id, path } of refs) {
      targets.add(id);
      for (const n of path) onPath.add(n);
    }
  }
  const visit = (n: TS.Node): TS.Node => {
    if (targets.has(n) && ts.isIdentifier(n)) {
      const m = moved.get(n.text) as Imported;
      const ns = namespaces.get(m.decl) as TS.Identifier;
      // `import { "a-b" as x }` (an arbitrary module namespace name) is read as `ns["a-b"]`.
      return PLAIN_NAME.test(m.member)
        ? f.createPropertyAccessExpression(ns, m.member)
        : f.createElementAccessExpression(ns, f.createStringLiteral(m.member));
    }
    return onPath.has(n) ? ts.visitEachChild(n, visit, context) : n;
  };
  const statements: TS.Statement[] = [];
  for (const s of sf.statements) {
    const ns = ts.isImportDeclaration(s) ? namespaces.get(s) : undefined;
    if (ns === undefined || !ts.isImportDeclaration(s)) {
      statements.push(onPath.has(s) ? (visit(s) as TS.Statement) : s);
      continue;
    }
    const kept = keptClause(ts, f, s.importClause as TS.ImportClause, moved);
    if (kept !== undefined) {
      statements.push(f.updateImportDeclaration(s, s.modifiers, kept, s.moduleSpecifier, s.attributes));
    }
    const nsClause = f.createImportClause(false, undefined, f.createNamespaceImport(ns));
    statements.push(f.createImportDeclaration(undefined, nsClause, s.moduleSpecifier, s.attributes));
  }
  return f.updateSourceFile(sf, statements);
}

const PLAIN_NAME = /^[A-Za-z_$][\w$]*$/;

interface Imported {
  decl: TS.ImportDeclaration;
  /** The name the module exports it as (`default` for a default import). */
  member: string;
}

/** Local names of the default and named (not type-only) imports, with what they import. */
function importedNames(ts: typeof TS, sf: TS.SourceFile): Map<string, Imported> {
  const out = new Map<string, Imported>();
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || s.importClause === undefined || s.importClause.isTypeOnly) continue;
    const clause = s.importClause;
    if (clause.name !== undefined) out.set(clause.name.text, { decl: s, member: "default" });
    const bindings = clause.namedBindings;
    if (bindings === undefined || !ts.isNamedImports(bindings)) continue;
    for (const el of bindings.elements) {
      if (el.isTypeOnly) continue;
      const imported = el.propertyName ?? el.name;
      out.set(el.name.text, { decl: s, member: imported.text });
    }
  }
  return out;
}

interface Reference {
  id: TS.Identifier;
  /** The identifier's ancestors, up to its statement. */
  path: TS.Node[];
}

/**
 * Where each candidate is read: inside a `__metadata("design:…", …)` call (or `tslib.__metadata`,
 * under `importHelpers`), or anywhere else. The same text where no variable is read (a property
 * name, a key) is no reference, and a reference that a nearer declaration shadows is not the
 * import's (see `shadowing`): neither counts. Walked with an
 * explicit stack (see walk.ts); parents are tracked here, since the nodes TypeScript's transforms
 * made have no `parent`.
 */
function uses(
  ts: typeof TS,
  sf: TS.SourceFile,
  candidates: Map<string, Imported>,
): { inMetadata: Map<string, Reference[]>; elsewhere: Set<string> } {
  const inMetadata = new Map<string, Reference[]>();
  const elsewhere = new Set<string>();
  // Each node's parent, for the path of a reference (kept for the nodes walked, not copied per node).
  const parents = new Map<TS.Node, TS.Node>();
  const metaRefs: TS.Identifier[] = [];
  const otherRefs: TS.Identifier[] = [];
  const stack: { node: TS.Node; meta: boolean }[] = [];
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s)) stack.push({ node: s, meta: false });
  }
  stack.reverse();
  for (let e = stack.pop(); e !== undefined; e = stack.pop()) {
    const { node } = e;
    if (ts.isIdentifier(node)) {
      const parent = parents.get(node);
      if (!candidates.has(node.text) || (parent !== undefined && !isReference(ts, node, parent))) continue;
      (e.meta && parent !== undefined ? metaRefs : otherRefs).push(node);
      continue;
    }
    const meta = e.meta || (ts.isCallExpression(node) && isMetadataCall(ts, node));
    const children: TS.Node[] = [];
    ts.forEachChild(node, (c) => {
      children.push(c);
    });
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i] as TS.Node;
      parents.set(c, node);
      stack.push({ node: c, meta });
    }
  }
  // Nothing to move without a reference in metadata: the scopes are not looked at.
  if (metaRefs.length === 0) return { inMetadata, elsewhere };
  const shadowed = shadowing(ts, sf, parents);
  for (const id of metaRefs) {
    if (shadowed(id)) continue;
    const path: TS.Node[] = [];
    for (let p = parents.get(id); p !== undefined; p = parents.get(p)) path.push(p);
    const refs = inMetadata.get(id.text) ?? [];
    refs.push({ id, path });
    inMetadata.set(id.text, refs);
  }
  for (const id of otherRefs) {
    if (inMetadata.has(id.text) && !elsewhere.has(id.text) && !shadowed(id)) elsewhere.add(id.text);
  }
  return { inMetadata, elsewhere };
}

/**
 * Whether a nearer declaration than the file's import declares an identifier's name: a scope
 * between it and the file (a function's parameters and `var`s, a block's `let`, `const`, classes
 * and functions, a catch binding, a class or function expression's own name). The answer of each
 * scope node on the way up is kept per name, so that many references under the same scopes walk
 * each ancestor once.
 */
function shadowing(ts: typeof TS, sf: TS.SourceFile, parents: Map<TS.Node, TS.Node>): (id: TS.Identifier) => boolean {
  const scopes = new Scopes(ts, sf);
  /** Per name: node -> whether it or an ancestor below the file declares the name. */
  const known = new Map<string, Map<TS.Node, boolean>>();
  return (id) => {
    const name = id.text;
    let memo = known.get(name);
    if (memo === undefined) {
      memo = new Map();
      known.set(name, memo);
    }
    const walked: TS.Node[] = [];
    let answer = false;
    for (let n: TS.Node | undefined = id; n !== undefined && !ts.isSourceFile(n); n = parents.get(n)) {
      const seen = memo.get(n);
      if (seen !== undefined) {
        answer = seen;
        break;
      }
      walked.push(n);
      // The identifier itself may be the declaration (a parameter's or variable's name): its scope
      // is an ancestor, which declares it.
      if (n !== id && scopes.declares(n, name)) {
        answer = true;
        break;
      }
    }
    for (const n of walked) memo.set(n, answer);
    return answer;
  };
}

function isMetadataCall(ts: typeof TS, call: TS.CallExpression): boolean {
  const callee = call.expression;
  const name = ts.isIdentifier(callee)
    ? callee.text
    : ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : undefined;
  const key = call.arguments[0];
  return name === "__metadata" && key !== undefined && ts.isStringLiteral(key) && key.text.startsWith("design:");
}

/**
 * Whether an identifier may read a variable: not a property name, a key, a member's name or a
 * label. Anything else counts here; a declaration of the same name (a parameter's) is then found
 * shadowed by its own scope (see `shadowing`).
 */
function isReference(ts: typeof TS, id: TS.Identifier, parent: TS.Node): boolean {
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === id;
  if (ts.isQualifiedName(parent)) return parent.left === id;
  const named =
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isGetAccessorDeclaration(parent) ||
    ts.isSetAccessorDeclaration(parent) ||
    ts.isEnumMember(parent);
  if (named && parent.name === id) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  if ((ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) && parent.label === id) return false;
  return !ts.isMetaProperty(parent);
}

/** The import clause without the moved names, or undefined when nothing is left of it. */
function keptClause(
  ts: typeof TS,
  f: TS.NodeFactory,
  clause: TS.ImportClause,
  moved: Map<string, unknown>,
): TS.ImportClause | undefined {
  const name = clause.name !== undefined && !moved.has(clause.name.text) ? clause.name : undefined;
  let bindings = clause.namedBindings;
  if (bindings !== undefined && ts.isNamedImports(bindings)) {
    const left = bindings.elements.filter((el) => !moved.has(el.name.text));
    bindings = left.length > 0 ? f.updateNamedImports(bindings, left) : undefined;
  }
  if (name === undefined && bindings === undefined) return undefined;
  return f.updateImportClause(clause, clause.isTypeOnly, name, bindings);
}
