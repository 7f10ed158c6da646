/**
 * The corpus: compose files shaped like real projects, each imported into a fresh world and checked
 * with lib/sim (names that resolve, what reaches what, what is published). Each file carries its
 * expectations in an `x-expect` extension, which Compose itself ignores.
 */
import { expect, describe as group, it } from "vitest";
import { parse } from "yaml";
import { type ComposeView, composeView } from "../../lib/compose";
import { cidrContains, type Doc, parseCidr, parseIp } from "../../lib/model";
import { apply } from "../../lib/ops";
import { lookup, reach, resolve } from "../../lib/sim";
import { corpusFiles, HOST, importCompose, readCorpus } from "./helpers";

interface Expect {
  containers?: string[];
  networks?: string[];
  resolves?: Record<string, string[]>;
  unresolved?: Record<string, string[]>;
  reach?: string[];
  published?: Record<string, string[]>;
  host?: string[];
  lan?: string[];
  internet?: Record<string, boolean>;
  addresses?: Record<string, Record<string, number>>;
  "same-namespace"?: [string, string][];
  "host-mode"?: string[];
  ips?: Record<string, Record<string, string>>;
  "ips-in"?: Record<string, Record<string, string>>;
  subnets?: Record<string, string>;
  absent?: string[];
  warnings?: string[];
  "up-error"?: string;
  /** Container names in creation order (dependencies first). */
  order?: string[];
  /** Volumes on the engine after `up`. */
  volumes?: string[];
  /** Per service: `TYPE SOURCE:TARGET rw|ro` of its first container. */
  mounts?: Record<string, string[]>;
  /** Per service: names of the containers its first container depends on. */
  depends?: Record<string, string[]>;
}

/** A second machine on the host's LAN, to ask what the outside sees. */
function withPeer(doc: Doc): Doc {
  return {
    ...doc,
    machines: {
      ...doc.machines,
      "m-peer": { id: "m-peer", name: "peer", kind: "vm", nics: [{ name: "eth0", lanId: "lan-1", address: "192.168.1.20/24" }], engine: null, order: 999 },
    },
  };
}

const files = corpusFiles();

it("has at least 25 compose files", () => {
  expect(files.length).toBeGreaterThanOrEqual(25);
});

group.each(files)("%s", (file) => {
  const text = readCorpus(file);
  const exp = (parse(text) as { "x-expect": Expect })["x-expect"];
  const imported = importCompose(text);
  const { up, project } = imported;

  if (exp["up-error"]) {
    it("fails as Compose does", () => {
      expect(up.ok).toBe(false);
      expect(up.error).toBe(exp["up-error"]);
    });
    return;
  }

  const doc = up.doc;
  const r = resolve(doc);
  const view: ComposeView = composeView(doc, HOST, project);
  const first = (service: string) => {
    const c = view.services.find((s) => s.service === service)?.containers[0];
    if (!c) throw new Error(`no container for service ${service}`);
    const v = r.containerByName(HOST, c.name);
    if (!v) throw new Error(`no view for ${c.name}`);
    return v;
  };

  it("comes up, and its ops replay to the same document", () => {
    expect(up.error).toBeUndefined();
    expect(up.ok).toBe(true);
    let replay = importCompose("services: {}\n", {}, undefined).up.doc;
    for (const op of up.ops) {
      const res = apply(replay, op);
      expect(res.ok, res.ok ? "" : res.error).toBe(true);
      if (res.ok) replay = res.doc;
    }
    expect(replay).toEqual(doc);
    expect(r.diagnostics.filter((d) => d.level === "error")).toEqual([]);
  });

  if (exp.containers) {
    it("creates the containers Compose names, all running", () => {
      const running = Object.values(doc.containers).filter((c) => c.state === "running");
      expect(running.map((c) => c.name).sort()).toEqual([...(exp.containers as string[])].sort());
    });
  }
  if (exp.absent)
    it("leaves out inactive services", () =>
      expect(Object.values(doc.containers).map((c) => c.name)).not.toEqual(expect.arrayContaining(exp.absent as string[])));
  if (exp.networks) {
    it("creates the networks Compose names", () => {
      const names = Object.values(doc.networks).map((n) => n.name);
      for (const n of exp.networks as string[]) expect(names).toContain(n);
    });
  }
  if (exp.resolves || exp.unresolved) {
    it("resolves service names, aliases and container names only on shared networks", () => {
      for (const [svc, names] of Object.entries(exp.resolves ?? {})) {
        for (const n of names) expect(lookup(r, first(svc).c.id, n).ok, `${svc} resolves ${n}`).toBe(true);
      }
      for (const [svc, names] of Object.entries(exp.unresolved ?? {})) {
        for (const n of names) expect(lookup(r, first(svc).c.id, n).ok, `${svc} does not resolve ${n}`).toBe(false);
      }
    });
  }
  if (exp.addresses) {
    it("answers a shared name with every replica", () => {
      for (const [svc, names] of Object.entries(exp.addresses as Record<string, Record<string, number>>)) {
        for (const [n, count] of Object.entries(names)) {
          const res = lookup(r, first(svc).c.id, n);
          expect(res.ok && res.addresses.length, `${svc} -> ${n}`).toBe(count);
        }
      }
    });
  }
  if (exp.reach) {
    it("reaches what it should", () => {
      for (const line of exp.reach as string[]) {
        const m = /^(\S+) -> (\S+):(\d+) (\S+)$/.exec(line);
        if (!m) throw new Error(`bad reach line ${line}`);
        const [, from, to, port, verdict] = m as unknown as [string, string, string, string, string];
        const target = to === "localhost" ? "127.0.0.1" : to;
        expect(reach(r, { kind: "container", id: first(from).c.id }, target, { port: Number(port) }).verdict, line).toBe(verdict);
      }
    });
  }
  if (exp.published) {
    it("publishes exactly the declared ports", () => {
      for (const [svc, ports] of Object.entries(exp.published as Record<string, string[]>)) {
        expect(view.services.find((s) => s.service === svc)?.published, svc).toEqual(ports);
      }
    });
  }
  if (exp.host) {
    it("is reachable from the Docker host as published", () => {
      for (const line of exp.host as string[]) {
        const [addr = "", verdict] = line.split(" ");
        const [, port] = addr.split(":");
        expect(reach(r, { kind: "machine", id: HOST }, "127.0.0.1", { port: Number(port) }).verdict, line).toBe(verdict);
      }
    });
  }
  if (exp.lan) {
    it("is reachable from another LAN machine only where bound to every address", () => {
      const rp = resolve(withPeer(doc));
      for (const line of exp.lan as string[]) {
        const [port, verdict] = line.split(" ");
        expect(reach(rp, { kind: "machine", id: "m-peer" }, "192.168.1.10", { port: Number(port) }).verdict, line).toBe(verdict);
      }
    });
  }
  if (exp.internet) {
    it("reaches the internet only with a non-internal network", () => {
      for (const [svc, yes] of Object.entries(exp.internet as Record<string, boolean>)) {
        expect(reach(r, { kind: "container", id: first(svc).c.id }, "deb.debian.org", { port: null }).verdict === "reachable", svc).toBe(yes);
      }
    });
  }
  if (exp["same-namespace"]) {
    it("shares the donor's network namespace", () => {
      for (const [a, b] of exp["same-namespace"] as [string, string][]) {
        expect(first(a).nsOwner.id).toBe(first(b).c.id);
        expect(first(a).mode).toBe("container");
      }
    });
  }
  if (exp["host-mode"])
    it("runs in host network mode", () => {
      for (const s of exp["host-mode"] as string[]) expect(first(s).mode).toBe("host");
    });
  if (exp.ips || exp["ips-in"] || exp.subnets) {
    it("honours the addresses and subnets the file asks for", () => {
      const ipOf = (name: string, net: string) => r.containerByName(HOST, name)?.endpoints.find((e) => e.network.name === net)?.ip;
      for (const [c, nets] of Object.entries(exp.ips ?? {})) for (const [n, ip] of Object.entries(nets)) expect(ipOf(c, n)).toBe(ip);
      for (const [c, nets] of Object.entries(exp["ips-in"] ?? {})) {
        for (const [n, cidr] of Object.entries(nets)) {
          const ip = ipOf(c, n);
          expect(ip && cidrContains(parseCidr(cidr) as NonNullable<ReturnType<typeof parseCidr>>, parseIp(ip) as number), `${c} ${ip} in ${cidr}`).toBe(true);
        }
      }
      for (const [n, subnet] of Object.entries(exp.subnets ?? {})) expect(Object.values(doc.networks).find((x) => x.name === n)?.subnet).toBe(subnet);
    });
  }
  if (exp.order)
    it("creates containers in Compose's dependency order", () =>
      expect(
        Object.values(doc.containers)
          .sort((a, b) => a.order - b.order)
          .map((c) => c.name),
      ).toEqual(exp.order));
  if (exp.volumes || exp.mounts || exp.depends) {
    it("stores volumes, mounts and depends_on in the document", () => {
      const named = Object.values(doc.volumes ?? {}).filter((v) => !v.anonymous);
      if (exp.volumes) expect(named.map((v) => v.name)).toEqual(exp.volumes);
      for (const [svc, mounts] of Object.entries(exp.mounts ?? {})) {
        expect(
          (first(svc).c.mounts ?? []).map((m) => `${m.type} ${m.source}:${m.target} ${m.readOnly ? "ro" : "rw"}`),
          svc,
        ).toEqual(mounts);
      }
      for (const [svc, deps] of Object.entries(exp.depends ?? {})) {
        expect(
          (first(svc).c.dependsOn ?? []).map((d) => doc.containers[d.target]?.name),
          svc,
        ).toEqual(deps);
      }
    });
  }
  if (exp.warnings)
    it("lists unmodelled keys as warnings with their path", () => expect(imported.warnings).toEqual(expect.arrayContaining(exp.warnings as string[])));
});
