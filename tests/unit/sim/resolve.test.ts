import { describe, expect, it } from "vitest";
import { lookup, reach, resolve } from "../../../lib/sim";
import { World } from "../../world";

const ipOn = (w: World, name: string, net: string) =>
  resolve(w.doc)
    .containers.get(w.id(name))
    ?.endpoints.find((e) => e.network.name === net)?.ip;

describe("addresses", () => {
  it("hands out default-bridge addresses in start order and re-uses the lowest freed one", () => {
    const w = new World();
    w.run("a1");
    w.run("a2");
    w.run("a3");
    expect([ipOn(w, "a1", "bridge"), ipOn(w, "a2", "bridge"), ipOn(w, "a3", "bridge")]).toEqual(["172.17.0.2", "172.17.0.3", "172.17.0.4"]);
    w.op({ type: "container.remove", containerId: w.id("a1"), force: true });
    w.run("a4");
    expect(ipOn(w, "a4", "bridge")).toBe("172.17.0.2");
  });

  it("releases the address on stop and takes the lowest free one on start", () => {
    const w = new World();
    w.run("a1");
    w.run("a2");
    w.op({ type: "container.stop", containerId: w.id("a1"), at: 5 });
    expect(ipOn(w, "a1", "bridge")).toBeNull();
    w.run("a3");
    w.op({ type: "container.start", containerId: w.id("a1"), at: 6 });
    expect(ipOn(w, "a3", "bridge")).toBe("172.17.0.2");
    expect(ipOn(w, "a1", "bridge")).toBe("172.17.0.4");
  });

  it("hands out subnets round-robin from the default pools, skipping explicit ones", () => {
    const w = new World();
    const subnet = (n: string) => w.doc.networks[w.netId(n)]?.subnet;
    w.network("n1");
    w.network("n2");
    w.network("n3");
    w.op({ type: "network.remove", networkId: w.netId("n2") });
    w.network("n4");
    w.network("custom", { subnet: "172.22.0.0/16" });
    w.network("n5");
    expect([subnet("n1"), subnet("n3"), subnet("n4"), subnet("custom"), subnet("n5")]).toEqual([
      "172.18.0.0/16",
      "172.20.0.0/16",
      "172.21.0.0/16",
      "172.22.0.0/16",
      "172.23.0.0/16",
    ]);
  });

  it.each([
    [{ subnet: "172.17.5.0/24" }, "Pool overlaps with other one on this address space"],
    [{ subnet: "10.0.0.0/24", gateway: "10.1.0.1" }, "no matching subnet for gateway 10.1.0.1"],
  ])("refuses network %j with Docker's words", (opts, message) => {
    const w = new World();
    expect(() => w.network("bad", opts)).toThrow(message);
  });

  it("refuses a static address that is taken, when the container starts", () => {
    const w = new World();
    w.network("net", { subnet: "10.9.0.0/24" });
    w.run("ca", { networks: [{ name: "net", ip: "10.9.0.50" }] });
    w.create("cb", { networks: [{ name: "net", ip: "10.9.0.50" }] });
    expect(w.try({ type: "container.start", containerId: w.id("cb"), at: 9 })).toEqual({ ok: false, error: "Address already in use" });
  });
});

describe("names", () => {
  it("follows the standalone tutorial: no names on the default bridge, names on alpine-net, scoped to shared networks", () => {
    const w = new World();
    w.network("alpine-net");
    w.run("alpine1", { networks: [{ name: "alpine-net" }] });
    w.run("alpine2", { networks: [{ name: "alpine-net" }] });
    w.run("alpine3");
    w.run("alpine4", { networks: [{ name: "alpine-net" }] });
    w.op({ type: "network.connect", containerId: w.id("alpine4"), networkId: w.netId("bridge"), aliases: [], ipv4Address: null });
    const r = resolve(w.doc);
    const look = (from: string, name: string) => lookup(r, w.id(from), name);
    expect(look("alpine1", "alpine2")).toMatchObject({ ok: true, addresses: ["172.18.0.3"], source: "embedded-dns" });
    expect(look("alpine1", "alpine3").ok).toBe(false);
    expect(look("alpine4", "alpine3").ok).toBe(false);
    expect(look("alpine3", "alpine1").ok).toBe(false);
    expect(look("alpine4", "ALPINE1.")).toMatchObject({ ok: true, addresses: ["172.18.0.2"] });
    expect(look("alpine1", "alpine2.alpine-net")).toMatchObject({ ok: true, addresses: ["172.18.0.3"] });
    // Isolation: alpine1 cannot reach alpine3's default-bridge address; alpine4 (on both) can.
    expect(reach(r, { kind: "container", id: w.id("alpine1") }, "172.17.0.2", { port: null }).verdict).toBe("dropped");
    expect(reach(r, { kind: "container", id: w.id("alpine4") }, "172.17.0.2", { port: null }).verdict).toBe("reachable");
  });

  it("answers a shared alias with every holder, on the asker's network only", () => {
    const w = new World();
    w.network("front");
    w.network("back");
    w.run("db1", { networks: [{ name: "back", aliases: ["db"] }] });
    w.run("db2", { networks: [{ name: "back", aliases: ["db"] }] });
    w.run("app", { networks: [{ name: "back" }] });
    w.run("web", { networks: [{ name: "front" }] });
    const r = resolve(w.doc);
    expect(lookup(r, w.id("app"), "db")).toMatchObject({ ok: true, addresses: ["172.19.0.2", "172.19.0.3"] });
    const miss = lookup(r, w.id("web"), "db");
    expect(miss.ok).toBe(false);
  });

  it("answers with the address on the network the asker shares with a multi-homed target", () => {
    const w = new World();
    w.network("a");
    w.network("b");
    w.run("both", { networks: [{ name: "a" }] });
    w.op({ type: "network.connect", containerId: w.id("both"), networkId: w.netId("b"), aliases: [], ipv4Address: null });
    w.run("onb", { networks: [{ name: "b" }] });
    expect(lookup(resolve(w.doc), w.id("onb"), "both")).toMatchObject({ ok: true, addresses: ["172.19.0.2"] });
  });

  it("resolves legacy links on the default bridge through /etc/hosts, one way only", () => {
    const w = new World();
    w.run("db", { image: "postgres" });
    w.run("web", { links: [{ target: "db", alias: "webdb" }] });
    const r = resolve(w.doc);
    expect(lookup(r, w.id("web"), "webdb")).toMatchObject({ ok: true, addresses: ["172.17.0.2"], source: "hosts" });
    expect(lookup(r, w.id("db"), "web").ok).toBe(false);
  });
});

describe("reachability", () => {
  it("publishes ports on host addresses, reachable from other networks and refused where nothing listens", () => {
    const w = new World();
    w.network("other");
    w.run("web", { image: "nginx", ports: [{ hostPort: "8080", containerPort: 80 }] });
    w.run("client", { networks: [{ name: "other" }] });
    const r = resolve(w.doc);
    const from = { kind: "container" as const, id: w.id("client") };
    const viaHost = reach(r, from, "192.168.1.10", { port: 8080 });
    expect(viaHost.verdict).toBe("reachable");
    expect(viaHost.path.some((h) => h.rule.includes("published 0.0.0.0:8080/tcp"))).toBe(true);
    expect(reach(r, from, "172.17.0.2", { port: 80 }).verdict).toBe("dropped");
    expect(reach(r, { kind: "machine", id: "m-host" }, "172.17.0.2", { port: 80 }).verdict).toBe("reachable");
    expect(reach(r, { kind: "machine", id: "m-host" }, "127.0.0.1", { port: 8081 }).verdict).toBe("refused");
  });

  it("refuses the second container asking for a taken port, in Docker's words", () => {
    const w = new World();
    w.run("w1", { image: "nginx", ports: [{ hostPort: "8080", containerPort: 80 }] });
    const id = w.create("w2", { image: "nginx", ports: [{ hostPort: "8080", containerPort: 80 }] }).id("w2");
    const res = w.try({ type: "container.start", containerId: id, at: 50 });
    expect(res.ok ? "" : res.error).toMatch(
      /^driver failed programming external connectivity on endpoint w2 \([0-9a-f]{64}\): Bind for 0.0.0.0:8080 failed: port is already allocated$/,
    );
    expect(w.doc.containers[id]?.state).toBe("created");
  });

  it("keeps internal networks off the outside but lets names and the gateway work", () => {
    const w = new World();
    w.network("inner", { internal: true });
    w.run("ca", { networks: [{ name: "inner" }] });
    w.run("cb", { networks: [{ name: "inner" }] });
    const r = resolve(w.doc);
    const from = { kind: "container" as const, id: w.id("ca") };
    expect(reach(r, from, "cb", { port: null }).verdict).toBe("reachable");
    expect(reach(r, from, "172.18.0.1", { port: null }).verdict).toBe("reachable");
    expect(["dropped", "no-route"]).toContain(reach(r, from, "8.8.8.8", { port: null }).verdict);
  });

  it("shares a namespace in container: mode and sees no network in none mode", () => {
    const w = new World();
    w.run("redis", { image: "redis" });
    w.run("cli", { mode: "container:redis" });
    w.run("lonely", { mode: "none", networks: [{ name: "none" }] });
    const r = resolve(w.doc);
    expect(reach(r, { kind: "container", id: w.id("cli") }, "127.0.0.1", { port: 6379 }).verdict).toBe("reachable");
    expect(reach(r, { kind: "container", id: w.id("lonely") }, "172.17.0.2", { port: null }).verdict).toBe("no-route");
  });

  it("does not reach a stopped container", () => {
    const w = new World();
    w.network("n");
    w.run("ca", { networks: [{ name: "n" }] });
    w.run("cb", { networks: [{ name: "n" }] });
    w.op({ type: "container.stop", containerId: w.id("cb"), at: 99 });
    const r = resolve(w.doc);
    expect(lookup(r, w.id("ca"), "cb").ok).toBe(false);
    expect(reach(r, { kind: "container", id: w.id("ca") }, "172.18.0.3", { port: null }).verdict).toBe("dropped");
  });
});
