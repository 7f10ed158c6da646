/**
 * `docker stats --no-stream`: each running container's modelled memory use against its limit (the
 * machine's memory when it has none), its PIDs; a stopped container shows zeros. The terminal cannot
 * stream, so without `--no-stream` it prints the one snapshot too.
 */
import type { Container } from "../../model";
import { bytesSize } from "../../model/units";
import { err, type Output, ok, type ShellContext } from "../context";
import { containerProcesses } from "../tools/ps";
import { type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { memoryDemand } from "./process";
import { renderTemplate } from "./template";
import { TemplateError } from "./template-lex";

/** What `docker info` calls Total Memory: every simulated machine has 4 GB. */
export const MACHINE_MEMORY = 4_108_652_544;

const SPEC: CommandSpec = {
  path: "docker stats",
  usage: "docker stats [OPTIONS] [CONTAINER...]",
  flags: [
    { long: "all", short: "a", value: false },
    { long: "no-stream", value: false },
    { long: "no-trunc", value: false },
    { long: "format", value: true },
  ],
};

function row(c: Container) {
  const live = c.state === "running";
  const limit = c.spec?.resources?.memory || MACHINE_MEMORY;
  const used = live ? Math.min(memoryDemand(c), limit) : 0;
  return {
    ID: c.id.slice(0, 12),
    Container: c.id.slice(0, 12),
    Name: c.name,
    CPUPerc: "0.00%",
    MemUsage: live ? `${bytesSize(used)} / ${bytesSize(limit)}` : "0B / 0B",
    MemPerc: live ? `${((used / limit) * 100).toFixed(2)}%` : "0.00%",
    NetIO: "0B / 0B",
    BlockIO: "0B / 0B",
    PIDs: live ? String(containerProcesses(c).length) : "0",
  };
}

const HEADS = {
  ID: "CONTAINER ID",
  Container: "CONTAINER",
  Name: "NAME",
  CPUPerc: "CPU %",
  MemUsage: "MEM USAGE / LIMIT",
  MemPerc: "MEM %",
  NetIO: "NET I/O",
  BlockIO: "BLOCK I/O",
  PIDs: "PIDS",
};
const DEFAULT = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

/** Go's tabwriter as the CLI's formatter sets it up: columns at least 10 wide, 3 past the widest cell. */
function tabulate(lines: string[]): string {
  const cells = lines.map((l) => l.split("\t"));
  const widths: number[] = [];
  for (const r of cells) {
    for (let i = 0; i < r.length; i++) widths[i] = Math.max(widths[i] ?? 10, (r[i] as string).length + 3);
  }
  return cells.map((r) => `${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] as number))).join("")}\n`).join("");
}

export function dockerStats(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(SPEC, argv);
  if (isOutput(p)) return p;
  let containers: Container[];
  let stderr = "";
  if (p.args.length > 0) {
    containers = [];
    for (const name of p.args) {
      const v = ctx.container(name);
      if (v) containers.push(v.c);
      else stderr += `Error response from daemon: No such container: ${name}\n`;
    }
    if (stderr !== "") return err(stderr, 1);
  } else {
    containers = Object.values(ctx.doc.containers)
      .filter((c) => c.machineId === ctx.machineId && (has(p, "all") || c.state === "running"))
      .sort((a, b) => b.order - a.order);
  }
  const format = (last(p, "format") ?? DEFAULT).replace(/\\t/g, "\t");
  const table = format.startsWith("table");
  const body = table ? format.slice(5).trimStart() : format;
  try {
    const lines = containers.map((c) => renderTemplate(body, row(c)));
    if (!table) return ok(lines.map((l) => `${l}\n`).join(""));
    return ok(tabulate([renderTemplate(body, HEADS), ...lines]));
  } catch (e) {
    if (e instanceof TemplateError) return err(`${e.message}\n`, 1);
    throw e;
  }
}
