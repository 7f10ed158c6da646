/**
 * `dockside compose FILE [--json] [-p NAME]`: imports a compose file into a fresh world and prints
 * the resolved view: addresses, names that resolve from each service, published ports, reach matrix.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, resolve as resolvePath } from "node:path";
import { type ComposeView, composeUp, composeView, parseCompose, unbuiltWarnings } from "../lib/compose";
import { createWorld, seededIds } from "../lib/model";

export interface ComposeIo {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = "Usage: dockside compose FILE [--json] [-p NAME] [--profile NAME]\n";

function option(args: string[], ...names: string[]): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if (names.includes(a) && args[i + 1] !== undefined) out.push(args[i + 1] as string);
  });
  return out;
}

function format(view: ComposeView, warnings: string[]): string {
  const lines: string[] = [`project ${view.project}`];
  for (const w of warnings) lines.push(`  warning: ${w}`);
  lines.push("", "networks:");
  for (const n of view.networks) lines.push(`  ${n.name}  ${n.subnet ?? "-"}  gateway ${n.gateway ?? "-"}${n.internal ? "  internal" : ""}`);
  lines.push("", "services:");
  for (const s of view.services) {
    lines.push(`  ${s.service}${s.listens.length > 0 ? `  (listens ${s.listens.join(", ")})` : ""}`);
    for (const c of s.containers) {
      const addrs = Object.entries(c.addresses).map(([net, ip]) => `${net} ${ip ?? "-"}`);
      lines.push(`    ${c.name}  ${c.state}  ${addrs.join(", ") || "no address of its own"}`);
    }
    if (s.published.length > 0) lines.push(`    published: ${s.published.join(", ")}`);
    const ok = Object.entries(s.resolves).filter(([, ips]) => ips !== null);
    const no = Object.entries(s.resolves).filter(([, ips]) => ips === null);
    if (ok.length > 0) lines.push(`    resolves: ${ok.map(([n, ips]) => `${n} -> ${(ips ?? []).join(" ")}`).join(", ")}`);
    if (no.length > 0) lines.push(`    does not resolve: ${no.map(([n]) => n).join(", ")}`);
  }
  lines.push("", "reach (from -> to:port):");
  for (const c of view.reach) lines.push(`  ${c.from} -> ${c.to}:${c.port ?? "ping"}  ${c.verdict}${c.verdict === "reachable" ? "" : `  (${c.reason})`}`);
  return `${lines.join("\n")}\n`;
}

/**
 * Runs `dockside compose ARGS...`; returns the exit code.
 * @example composeCommand(["compose.yaml", "--json"], { out: console.log, err: console.error })
 */
export function composeCommand(args: string[], io: ComposeIo): number {
  const json = args.includes("--json");
  const flagsWithValue = new Set(["-p", "--project-name", "--profile"]);
  const positional = args.filter((a, i) => !a.startsWith("-") && !flagsWithValue.has(args[i - 1] ?? ""));
  const file = positional[0];
  if (!file) {
    io.err(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    io.err(`dockside: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const parsed = parseCompose(text, {
    projectName: option(args, "-p", "--project-name")[0],
    profiles: option(args, "--profile"),
    dirName: basename(dirname(resolvePath(file))),
    workingDir: dirname(resolvePath(file)),
    file: basename(file),
  });
  if (!parsed.ok) {
    io.err(`${parsed.error}\n`);
    return 1;
  }
  const doc = createWorld(seededIds(1), 0);
  const up = composeUp(doc, "m-host", parsed.project, { ids: seededIds(2), at: 0 });
  const warnings = [...parsed.warnings, ...unbuiltWarnings(doc, "m-host", parsed.project)].map((w) => `${w.path}: ${w.message}`);
  if (!up.ok) {
    if (json) io.out(`${JSON.stringify({ ok: false, error: up.error, lines: up.lines, warnings }, null, 2)}\n`);
    else io.err(`${up.lines.join("\n")}\n`);
    return 1;
  }
  const view = composeView(up.doc, "m-host", parsed.project);
  if (json) io.out(`${JSON.stringify({ ok: true, ...view, warnings }, null, 2)}\n`);
  else io.out(format(view, warnings));
  return 0;
}
