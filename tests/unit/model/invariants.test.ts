/**
 * The invariant checks an op pays for look only at what it touched: a large document costs an op no
 * more than a small one, and the incremental check finds every problem the full check finds.
 */
import { describe, expect, it } from "vitest";
import { type Container, checkChange, checkInvariants, type Doc, digest64, type Volume } from "../../../lib/model";
import { apply } from "../../../lib/ops";
import { Shell } from "../../../lib/shell";

/** `n` containers with `mounts` named volumes each (every volume its own), as a hostile `doc.replace` could send. */
function heavyDoc(n: number, mounts: number): Doc {
  const sh = Shell.fresh({ seed: 3, clock: () => 1_000 });
  expect(sh.run("docker volume create v0_0").exitCode).toBe(0);
  expect(sh.run("docker run -d --name c0 -v v0_0:/d0 alpine").exitCode).toBe(0);
  const base = sh.doc;
  const proto = Object.values(base.containers)[0] as Container;
  const vproto = Object.values(base.volumes ?? {})[0] as Volume;
  const containers: Record<string, Container> = {};
  const volumes: Record<string, Volume> = {};
  for (let i = 0; i < n; i++) {
    const id = digest64(`c${i}`);
    const ms = [];
    for (let j = 0; j < mounts; j++) {
      const vid = digest64(`v${i}_${j}`);
      volumes[vid] = { ...vproto, id: vid, name: `v${i}_${j}` };
      ms.push({ type: "volume" as const, source: `v${i}_${j}`, target: `/d${j}`, readOnly: false });
    }
    containers[id] = { ...proto, id, name: `c${i}`, mounts: ms, endpoints: [] };
  }
  return { ...base, containers, volumes };
}

describe("invariants", () => {
  it("an op on a 125 x 64-mount document costs what it costs on a small one", () => {
    const doc = heavyDoc(125, 64);
    expect(checkInvariants(doc)).toEqual([]);
    const net = (i: number) => ({
      type: "network.create" as const,
      id: digest64(`net${i}`),
      machineId: "m-host",
      name: `net${i}`,
      driver: "bridge",
      subnet: null,
      gateway: null,
      ipRange: null,
      internal: false,
      attachable: false,
      options: {},
      labels: {},
      at: 5,
    });
    let d = doc;
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) {
      const r = apply(d, net(i));
      expect(r.ok ? "" : r.error).toBe("");
      if (r.ok) d = r.doc;
    }
    const perOp = (performance.now() - t0) / 20;
    // Before: every op scanned every volume for every mount (~8000 x 8000), seconds per op.
    expect(perOp).toBeLessThan(50);
  });

  it("finds what the full check finds after each kind of change", () => {
    const sh = Shell.fresh({ seed: 5, clock: () => 1_000 });
    for (const line of [
      "docker network create app",
      "docker volume create data",
      "docker run -d --name aa --network app -v data:/d alpine",
      "docker run -d --name bb --link aa:x alpine",
    ]) {
      expect(sh.run(line).exitCode).toBe(0);
    }
    const doc = sh.doc;
    const [a, b] = ["aa", "bb"].map((n) => Object.values(doc.containers).find((c) => c.name === n) as Container) as [Container, Container];
    const app = Object.values(doc.networks).find((n) => n.name === "app");
    const vol = Object.values(doc.volumes ?? {})[0] as Volume;
    const without = <T>(rec: Record<string, T>, key: string) => Object.fromEntries(Object.entries(rec).filter(([k]) => k !== key));
    const broken: Record<string, Doc> = {
      "volume removed under a mount": { ...doc, volumes: without(doc.volumes ?? {}, vol.id) },
      "network removed under an endpoint": { ...doc, networks: without(doc.networks, app?.id ?? "") },
      "linked container removed": { ...doc, containers: without(doc.containers, a.id) },
      "container renamed onto another": { ...doc, containers: { ...doc.containers, [b.id]: { ...b, name: "aa" } } },
      "new volume with a taken name": { ...doc, volumes: { ...doc.volumes, vnew: { ...vol, id: "vnew" } } },
      "position of nothing": { ...doc, layout: { ...doc.layout, ghost: { x: 1, y: 2 } } },
      "machine removed": { ...doc, machines: {} },
    };
    expect(checkChange(doc, doc)).toEqual([]);
    for (const [what, next] of Object.entries(broken)) {
      const full = checkInvariants(next);
      expect(full.length, what).toBeGreaterThan(0);
      expect(new Set(checkChange(doc, next)), what).toEqual(new Set(full));
    }
  });
});
