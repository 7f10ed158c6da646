/**
 * What a room page loads before anyone asks for more: the static import graph from the room route. The
 * shell (its interpreter and programs), compose and the exercise library are loaded when the terminal,
 * a compose file, a layer's files or an exercise is opened, so they stay out of that graph; the page's
 * first load is measured by `npm run bench:ui` (jsGzipKB), and this test says which import broke it.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../../..");
const ENTRY = join(ROOT, "app/r/[roomId]/page.tsx");

function resolveSpec(from: string, spec: string): string | null {
  const base = spec.startsWith("@/") ? join(ROOT, spec.slice(2)) : spec.startsWith(".") ? resolve(dirname(from), spec) : null;
  if (base === null) return null;
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")]) {
    if (existsSync(c) && /\.tsx?$/.test(c)) return c;
  }
  return null;
}

/** The modules a file imports for their values (type-only imports and `import()` excluded). */
function valueImports(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const s of src.statements) {
    if (ts.isImportDeclaration(s)) {
      const clause = s.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes = clause && !clause.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
      out.push((s.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(s) && s.moduleSpecifier && !s.isTypeOnly) {
      out.push((s.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return out;
}

function firstLoad(): Map<string, string> {
  // Each module with the module that first brought it in, to name the culprit.
  const seen = new Map<string, string>([[ENTRY, ""]]);
  const todo = [ENTRY];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    for (const spec of valueImports(file)) {
      const next = resolveSpec(file, spec);
      if (next && !seen.has(next)) {
        seen.set(next, file);
        todo.push(next);
      }
    }
  }
  return new Map([...seen].map(([k, v]) => [relative(ROOT, k), v && relative(ROOT, v)]));
}

/** The one small module of lib/shell the page uses (splitting a command line into words). */
const LIGHT_SHELL = new Set(["lib/shell/words.ts"]);

describe("the room page's first load", () => {
  it("holds neither the shell, nor compose, nor the exercise library", () => {
    const loaded = firstLoad();
    expect(loaded.size).toBeGreaterThan(20);
    const heavy = [...loaded]
      .filter(([m]) => (m.startsWith("lib/shell/") && !LIGHT_SHELL.has(m)) || m.startsWith("lib/compose/") || m.startsWith("lib/exercise/library/"))
      .map(([m, by]) => `${m} (imported by ${by})`);
    expect(heavy).toEqual([]);
  });
});
