/** The project root (directory of the tsconfig) and file names relative to it, with forward slashes. */
import * as path from "node:path";
import type * as TS from "typescript";

function slash(p: string): string {
  return p.replace(/\\/g, "/");
}

export class ProjectPaths {
  private readonly byDir = new Map<string, string>();

  constructor(
    private readonly ts: typeof TS,
    private readonly program: TS.Program | undefined,
    private readonly explicitRoot: string | undefined,
  ) {}

  /** The root that locations and globs of `fileName` are relative to. */
  rootFor(fileName: string): string {
    const cwd = this.program?.getCurrentDirectory() ?? process.cwd();
    if (this.explicitRoot !== undefined) return slash(path.resolve(this.configDir() ?? cwd, this.explicitRoot));
    const fromConfig = this.configDir();
    if (fromConfig !== undefined) return fromConfig;
    // No config path (transpileModule, programmatic use): the nearest tsconfig.json above the file.
    const dir = path.dirname(fileName);
    let root = this.byDir.get(dir);
    if (root === undefined) {
      const found = this.ts.findConfigFile(dir, (f) => this.ts.sys.fileExists(f));
      root = slash(found !== undefined ? path.dirname(found) : cwd);
      this.byDir.set(dir, root);
    }
    return root;
  }

  private configDir(): string | undefined {
    const cfg = this.program?.getCompilerOptions().configFilePath;
    return typeof cfg === "string" ? slash(path.dirname(cfg)) : undefined;
  }

  relative(fileName: string): string {
    const root = this.rootFor(fileName);
    const rel = slash(path.relative(root, slash(fileName)));
    return rel === "" ? path.basename(fileName) : rel;
  }
}
