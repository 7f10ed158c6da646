/**
 * Exported names no other file imports, read from the syntax alone (no type checker, so it runs in a
 * second): an export counts as used when another file names it in an import (static, `import()`'s
 * destructuring or `.then(m => m.X)`, or a type's `import("…").X`). A re-export (`export { X } from`)
 * is not a use: a barrel passes a name on, and both are used only if someone imports it.
 * Names are matched without their module, so two modules exporting one name hide each other's
 * disuse: the check can miss an unused export, never report a used one.
 */
import ts from "typescript";

/** The names a module exports by name (not through `export *`, not its default). */
function exportedNames(sf: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st)) {
      // `export { a }` and `export { a } from "./b"`; `export *` passes on names judged where they are declared.
      if (st.exportClause && ts.isNamedExports(st.exportClause)) for (const e of st.exportClause.elements) names.push(e.name.text);
      continue;
    }
    const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (!exported || isDefault) continue;
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (
      (ts.isFunctionDeclaration(st) ||
        ts.isClassDeclaration(st) ||
        ts.isInterfaceDeclaration(st) ||
        ts.isTypeAliasDeclaration(st) ||
        ts.isEnumDeclaration(st)) &&
      st.name
    ) {
      names.push(st.name.text);
    }
  }
  return names;
}

const isImportCall = (n: ts.Node): boolean => ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword;

/** The names a module takes from other modules. */
function importedNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isImportSpecifier(n)) names.add((n.propertyName ?? n.name).text);
    // const { a, b } = await import("…")
    if (ts.isVariableDeclaration(n) && ts.isObjectBindingPattern(n.name) && n.initializer) {
      const init = ts.isAwaitExpression(n.initializer) ? n.initializer.expression : n.initializer;
      if (isImportCall(init)) for (const e of n.name.elements) names.add(((e.propertyName as ts.Identifier | undefined) ?? (e.name as ts.Identifier)).text);
    }
    // import("…").then((m) => m.X)
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "then" && isImportCall(n.expression.expression)) {
      const inner = (m: ts.Node): void => {
        if (ts.isPropertyAccessExpression(m)) names.add(m.name.text);
        ts.forEachChild(m, inner);
      };
      for (const arg of n.arguments) inner(arg);
    }
    // type X = import("…").Name
    if (ts.isImportTypeNode(n) && n.qualifier) names.add(ts.isIdentifier(n.qualifier) ? n.qualifier.text : n.qualifier.right.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return names;
}

/**
 * `file: name` for every name a file of `exporters` exports that no other file of `files` imports.
 * @example unusedExports({ "a.ts": "export const a = 1;", "b.ts": "" }, ["a.ts"]) // ["a.ts: a"]
 */
export function unusedExports(files: Readonly<Record<string, string>>, exporters: readonly string[]): string[] {
  const parsed = new Map(Object.entries(files).map(([path, text]) => [path, ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true)] as const));
  const importers = new Map<string, Set<string>>();
  for (const [path, sf] of parsed) {
    for (const name of importedNames(sf)) {
      const set = importers.get(name) ?? new Set<string>();
      set.add(path);
      importers.set(name, set);
    }
  }
  const out: string[] = [];
  for (const path of exporters) {
    const sf = parsed.get(path);
    if (!sf) continue;
    for (const name of exportedNames(sf)) {
      const users = importers.get(name);
      if (!users || [...users].every((u) => u === path)) out.push(`${path}: ${name}`);
    }
  }
  return out;
}
