/**
 * Isolation: whether two workloads share a kernel, which boundary separates them (namespaces, a
 * hypervisor, separate hardware) and what a compromise of one exposes of the other.
 */
import type { Doc, Machine } from "../../model";
import type { Resolved } from "../types";

type Boundary = "none" | "namespace" | "vm" | "machine";

interface Isolation {
  /** True when both run on the same kernel. */
  sameKernel: boolean;
  /** The strongest boundary between them. */
  boundary: Boundary;
  /** Machine names from the outermost host down to the kernel each runs on. */
  kernels: [string, string];
  reason: string;
  /** What a compromise of one exposes of the other. */
  exposes: string;
}

/** The chain of kernels a workload runs on: its machine, that machine's hypervisor host, ... */
function kernelChain(doc: Doc, id: string): Machine[] {
  const c = doc.containers[id];
  let m: Machine | undefined = c ? doc.machines[c.machineId] : doc.machines[id];
  const chain: Machine[] = [];
  while (m && chain.length < 8) {
    chain.unshift(m);
    m = m.vm ? doc.machines[m.vm.hostId] : undefined;
  }
  return chain;
}

/**
 * Whether two workloads (container or machine ids) share a kernel, and which boundary separates them.
 * @example isolation(r, webId, dbId).boundary // "namespace": two containers on one engine
 */
export function isolation(r: Resolved, a: string, b: string): Isolation {
  const doc = r.doc;
  const name = (id: string) => doc.containers[id]?.name ?? doc.machines[id]?.name ?? id;
  const ka = kernelChain(doc, a);
  const kb = kernelChain(doc, b);
  const kernels: [string, string] = [ka.at(-1)?.name ?? "?", kb.at(-1)?.name ?? "?"];
  if (a === b) return { sameKernel: true, boundary: "none", kernels, reason: "the same workload", exposes: "everything" };
  const sameKernel = ka.length > 0 && ka.at(-1) === kb.at(-1);
  if (sameKernel) {
    const ca = doc.containers[a];
    const cb = doc.containers[b];
    const kernel = kernels[0];
    if (!ca || !cb) {
      const ctr = ca ?? cb;
      return {
        sameKernel,
        boundary: "namespace",
        kernels,
        reason: `${ctr?.name ?? "the container"} runs on ${kernel}'s kernel, separated only by namespaces and cgroups`,
        exposes: `a container escape or kernel exploit gives ${kernel} itself`,
      };
    }
    const shared =
      ca.networkMode === `container:${cb.id}` || cb.networkMode === `container:${ca.id}` || (ca.networkMode === "host" && cb.networkMode === "host");
    return {
      sameKernel,
      boundary: "namespace",
      kernels,
      reason: `${ca.name} and ${cb.name} share ${kernel}'s kernel; namespaces and cgroups separate them${shared ? ", and they even share a network namespace" : ""}`,
      exposes: `a kernel exploit in one reaches the other and everything else on ${kernel}`,
    };
  }
  let common = 0;
  while (common < ka.length && ka[common] === kb[common]) common++;
  const sharedHost = common > 0 ? ka[common - 1] : undefined;
  if (sharedHost) {
    return {
      sameKernel,
      boundary: "vm",
      kernels,
      reason: `${name(a)} and ${name(b)} run on different kernels on the same hardware: ${sharedHost.name}'s hypervisor separates them`,
      exposes: "only what the network between them allows, unless the hypervisor itself is broken out of",
    };
  }
  return {
    sameKernel,
    boundary: "machine",
    kernels,
    reason: `${name(a)} and ${name(b)} run on different physical machines`,
    exposes: "only what the network between them allows",
  };
}

/** Above this many workloads only machine pairs are listed: the table grows with the square. */
const ISOLATION_ROWS_LIMIT = 40;

/**
 * The isolation table of `dockside resolve`: every pair of machines, and every pair of workloads
 * (machines and containers) while the document is small.
 * @example isolationRows(resolve(doc))[0] // { a: "host", b: "vm1", sameKernel: false, boundary: "vm", ... }
 */
export function isolationRows(r: Resolved): { a: string; b: string; sameKernel: boolean; boundary: string; reason: string }[] {
  const machines = Object.values(r.doc.machines).sort((x, y) => x.order - y.order);
  const workloads: { id: string; name: string }[] = machines.map((m) => ({ id: m.id, name: m.name }));
  if (machines.length + r.order.length <= ISOLATION_ROWS_LIMIT) workloads.push(...r.order.map((v) => ({ id: v.c.id, name: v.c.name })));
  const rows = [];
  for (let i = 0; i < workloads.length; i++) {
    for (let j = i + 1; j < workloads.length; j++) {
      const a = workloads[i] as { id: string; name: string };
      const b = workloads[j] as { id: string; name: string };
      const x = isolation(r, a.id, b.id);
      rows.push({ a: a.name, b: b.name, sameKernel: x.sameKernel, boundary: x.boundary, reason: x.reason });
    }
  }
  return rows;
}
