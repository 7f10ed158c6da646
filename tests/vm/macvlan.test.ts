/**
 * Docker's macvlan tutorial on the sandbox's LAN: the container appears on the LAN with its own
 * address; LAN machines reach it, but its parent host cannot.
 */
import { describe, expect, it } from "vitest";
import { createWorld, seededIds } from "../../lib/model";
import { ShellContext } from "../../lib/shell/context";
import { docker } from "../../lib/shell/docker";
import { lab } from "../../lib/shell/lab";
import { reach, type Source } from "../../lib/sim";

function build(driver: "macvlan" | "ipvlan") {
  const ids = seededIds(9);
  const ctx = new ShellContext(createWorld(ids, 0), "m-host", ids, () => 1_000);
  const run = (args: string[]) => {
    const out = docker(ctx, args);
    if (out.exitCode !== 0) throw new Error(`docker ${args.join(" ")}: ${out.stderr}`);
  };
  expect(lab(ctx, ["host", "add", "pc", "--ip", "192.168.1.20"]).exitCode).toBe(0);
  run([
    "network",
    "create",
    "-d",
    driver,
    "--subnet",
    "192.168.1.0/24",
    "--gateway",
    "192.168.1.1",
    "--ip-range",
    "192.168.1.192/27",
    "-o",
    "parent=eth0",
    "lan-net",
  ]);
  run(["run", "-d", "--name", "web", "--network", "lan-net", "nginx"]);
  run(["run", "-d", "--name", "box", "--network", "lan-net", "alpine", "sleep", "1d"]);
  const r = ctx.resolved();
  const id = (name: string) => r.containerByName("m-host", name)?.c.id as string;
  const pc = Object.values(ctx.doc.machines).find((m) => m.name === "pc")?.id as string;
  const from: Record<string, Source> = {
    host: { kind: "machine", id: "m-host" },
    pc: { kind: "machine", id: pc },
    box: { kind: "container", id: id("box") },
  };
  return { r, from, web: r.containerByName("m-host", "web") };
}

describe.each(["macvlan", "ipvlan"] as const)("%s", (driver) => {
  const { r, from, web } = build(driver);

  it("hands out addresses from the --ip-range", () => {
    expect(web?.endpoints[0]?.ip).toBe("192.168.1.192");
  });

  it.each([
    ["pc", "192.168.1.192", 80, "reachable"],
    ["host", "192.168.1.192", 80, "dropped"],
    ["box", "192.168.1.192", 80, "reachable"],
    ["box", "192.168.1.20", null, "reachable"],
    ["box", "192.168.1.1", null, "reachable"],
    ["box", "192.168.1.10", null, "dropped"],
    ["box", "192.168.1.99", null, "dropped"],
  ] as const)("%s → %s:%s is %s", (source, target, port, verdict) => {
    const res = reach(r, from[source] as Source, target, { port });
    expect(res.verdict, res.reason).toBe(verdict);
    if (source === "host" || target === "192.168.1.10") expect(res.reason).toContain("cannot reach its own");
  });
});
