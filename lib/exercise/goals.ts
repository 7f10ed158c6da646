/**
 * Checking one goal against a resolved document. Every `why` is built from what lib/sim answered
 * (the lookup's reason, the reach path's reason, the port allocator's error), so the checklist and
 * the terminal never disagree.
 */
import { byOrder, imageKey } from "../model";
import { type ContainerView, type Hop, isolation, lookup, lookupOnMachine, normalizeHostIp, type Published, type Resolved, reach } from "../sim";
import { checkExited } from "./exited-goal";
import { checkFile } from "./file-goal";
import { checkImage } from "./image-goal";
import { addressesOf, bindingsTo, bindingText, bindingUsed, hostAddressFor, missingWhy, party, reachFrom } from "./parties";
import type { CountGoal, Goal, IsolatedGoal, OwnKernelGoal, PublishedGoal, ReachesGoal, ResolvesGoal, RunningGoal, SharesKernelGoal } from "./schema";
import { checkService } from "./service-goal";

interface Verdict {
  met: boolean;
  why: string;
  /** The packet's path, for goals decided by `reach` (the canvas can highlight it). */
  path?: Hop[];
}

const flip = (met: boolean, not: boolean | undefined) => (not ? !met : met);

function portText(port: number | null, proto = "tcp"): string {
  return port === null ? " (ping)" : ` on ${port}/${proto}`;
}

function checkResolves(r: Resolved, g: ResolvesGoal): Verdict {
  const from = party(r, g.from);
  if (from.kind === "missing") return { met: false, why: missingWhy(g.from) };
  if (from.kind === "lan") return { met: false, why: "names are checked from a container or a machine, not from a LAN" };
  if (from.kind === "container" && !from.v.running) return { met: false, why: `${g.from} is not running, so it resolves nothing` };
  const l = from.kind === "container" ? lookup(r, from.v.c.id, g.name) : lookupOnMachine(r, from.m.id, g.name);
  if (!l.ok) return { met: flip(false, g.not), why: `${g.from} cannot resolve ${g.name}: ${l.reason}` };
  const got = `${g.from} resolves ${g.name} to ${l.addresses.join(", ")} (${l.reason})`;
  if (g.address !== undefined && !l.addresses.includes(g.address)) {
    return { met: flip(false, g.not), why: `${got}, not to ${g.address}` };
  }
  for (const ref of g.to ?? []) {
    const to = party(r, ref);
    if (to.kind !== "container") return { met: false, why: `${got}; ${ref} is not a container` };
    const theirs = addressesOf(to.v);
    if (!theirs.some((a) => l.addresses.includes(a))) {
      const where = theirs.length > 0 ? theirs.join(", ") : "no address: it is not running";
      return { met: flip(false, g.not), why: `${got}, which is not ${ref} (${where})` };
    }
  }
  return { met: flip(true, g.not), why: got };
}

function checkReaches(r: Resolved, g: ReachesGoal): Verdict {
  const from = party(r, g.from);
  if (from.kind === "missing") return { met: false, why: missingWhy(g.from) };
  const proto = g.proto ?? "tcp";
  const reached = reachFrom(r, from, g.target, { port: g.port, proto });
  const { res } = reached;
  const binding = reached.binding ?? bindingUsed(r, res, g.port, proto);
  const ok = res.verdict === "reachable";
  const subject = binding?.container.name === g.target ? "it" : binding?.container.name;
  const why = ok
    ? `${g.target} is reachable from ${from.label}${portText(g.port, proto)}: ${binding ? bindingText(binding, subject) : res.reason}`
    : `${from.label} cannot reach ${g.target}${portText(g.port, proto)}: ${res.reason}`;
  return { met: flip(ok, g.not), why, path: res.path };
}

function bindingLine(p: Published): string {
  return `${p.hostIp || "0.0.0.0"}:${p.hostPort} → ${p.containerPort}/${p.proto}`;
}

function checkPublished(r: Resolved, g: PublishedGoal): Verdict {
  const c = party(r, g.container);
  if (c.kind !== "container") return { met: flip(false, g.not), why: c.kind === "missing" ? missingWhy(g.container) : `${g.container} is not a container` };
  const proto = g.proto ?? "tcp";
  const inForce = bindingsTo(r, c.v, null, proto).filter((p) => p.container.id === c.v.c.id);
  const hits = inForce.filter(
    (p) =>
      (g.hostPort === undefined || p.hostPort === g.hostPort) &&
      (g.containerPort === undefined || p.containerPort === g.containerPort) &&
      (g.hostIp === undefined || p.hostIp === normalizeHostIp(g.hostIp)),
  );
  if (hits.length > 0) {
    const list = hits.map(bindingLine).join(", ");
    const lanNote = hits.some((p) => p.hostIp === "") ? ": anyone who reaches the host reaches it" : "";
    return { met: flip(true, g.not), why: `${g.container} publishes ${list}${g.not ? lanNote : ""}` };
  }
  const host = g.hostPort === undefined ? "any host port" : `${g.hostIp ? `${g.hostIp}:` : ""}${g.hostPort}`;
  const wantText = g.containerPort === undefined ? host : `${host} → ${g.containerPort}`;
  const problems = r.diagnostics.filter((d) => d.subject === c.v.c.id && d.code.startsWith("ports.")).map((d) => d.message);
  let why: string;
  if (problems.length > 0) why = `${g.container} does not publish ${wantText}: ${problems.join("; ")}`;
  else if (!c.v.running) why = `${g.container} is not running, so it publishes nothing`;
  else if (inForce.length > 0) why = `${g.container} publishes ${inForce.map(bindingLine).join(", ")}, not ${wantText}`;
  else why = `${g.container} publishes no ports: it is reachable only from its own networks`;
  return { met: flip(false, g.not), why };
}

/** Every way `a` could get a packet to `b`: b's addresses directly, then b's published ports through the host. */
function pathBetween(r: Resolved, a: ContainerView, b: ContainerView): { via: string; res: ReturnType<typeof reach> } | null {
  const src = { kind: "container" as const, id: a.c.id };
  let firstMiss: { via: string; res: ReturnType<typeof reach> } | null = null;
  for (const ip of addressesOf(b)) {
    const res = reach(r, src, ip, { port: null });
    if (res.verdict === "reachable") return { via: `at ${ip}`, res };
    firstMiss ??= { via: `at ${ip}`, res };
  }
  const hostIp = hostAddressFor(a);
  if (hostIp !== null) {
    for (const p of bindingsTo(r, b, null, "tcp")) {
      const res = reach(r, src, hostIp, { port: p.hostPort });
      if (res.verdict === "reachable") return { via: `through the host (${bindingText(p)})`, res };
    }
  }
  return firstMiss && { ...firstMiss, res: { ...firstMiss.res, verdict: "dropped" } };
}

function checkIsolated(r: Resolved, g: IsolatedGoal): Verdict {
  const a = party(r, g.a);
  const b = party(r, g.b);
  for (const [ref, p] of [
    [g.a, a],
    [g.b, b],
  ] as const) {
    if (p.kind === "missing") return { met: false, why: missingWhy(ref) };
    if (p.kind !== "container") return { met: false, why: `${ref} is not a container` };
    if (!p.v.running) return { met: false, why: `${ref} is not running (isolation is checked between running containers)` };
  }
  const va = (a as { v: ContainerView }).v;
  const vb = (b as { v: ContainerView }).v;
  if (va.nsOwner.id === vb.nsOwner.id) return { met: false, why: `${g.a} and ${g.b} share one network namespace: they talk over localhost` };
  let firstMiss: string | null = null;
  for (const [x, y, xn, yn] of [
    [va, vb, g.a, g.b],
    [vb, va, g.b, g.a],
  ] as const) {
    const found = pathBetween(r, x, y);
    if (found?.res.verdict === "reachable") return { met: false, why: `${xn} reaches ${yn} ${found.via}: ${found.res.reason}`, path: found.res.path };
    if (found && firstMiss === null) firstMiss = found.res.reason;
  }
  return { met: true, why: `no path between ${g.a} and ${g.b} either way${firstMiss ? `: ${firstMiss}` : ""}` };
}

function checkRunning(r: Resolved, g: RunningGoal): Verdict {
  const c = party(r, g.container);
  if (c.kind !== "container")
    return { met: flip(false, g.not), why: c.kind === "missing" ? `there is no container named ${g.container}` : `${g.container} is not a container` };
  const { v } = c;
  let why: string;
  if (v.running) why = `${g.container} is running`;
  else if (v.c.state === "running") why = `${g.container} runs, but the container whose network it shares (${v.nsOwner.name}) does not`;
  else if (v.c.state === "created") why = `${g.container} was created but never started`;
  else why = `${g.container} has exited (code ${v.c.exitCode})`;
  const problems = r.diagnostics.filter((d) => d.subject === v.c.id && d.level === "error").map((d) => d.message);
  if (!v.running && problems.length > 0) why += `: ${problems.join("; ")}`;
  return { met: flip(v.running, g.not), why };
}

function compare(a: number, op: CountGoal["op"], b: number): boolean {
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

function checkCount(r: Resolved, g: CountGoal): Verdict {
  const w = g.where ?? {};
  let names: string[];
  if (g.of === "containers") {
    names = r.order
      .filter(
        (v) =>
          (w.running === undefined || v.running === w.running) &&
          (w.image === undefined || imageKey(v.c.image) === imageKey(w.image)) &&
          (w.network === undefined || v.endpoints.some((ep) => ep.network.name === w.network)),
      )
      .map((v) => v.c.name);
  } else {
    names = byOrder(r.doc.networks)
      .filter(
        (n) =>
          (w.network === undefined || n.name === w.network) &&
          (w.driver === undefined || n.driver === w.driver) &&
          (w.internal === undefined || n.internal === w.internal) &&
          (w.builtin === undefined || n.builtin === w.builtin),
      )
      .map((n) => n.name);
  }
  const noun = g.of === "containers" ? (names.length === 1 ? "container" : "containers") : names.length === 1 ? "network" : "networks";
  const list = names.length === 0 ? "" : ` (${names.slice(0, 8).join(", ")}${names.length > 8 ? ", …" : ""})`;
  return { met: compare(names.length, g.op, g.n), why: `${names.length} ${noun}${list}; the goal wants ${g.op} ${g.n}` };
}

/** The record id of a workload reference (container or machine); LANs run no kernel. */
function workload(r: Resolved, ref: string): { id: string } | { why: string } {
  const p = party(r, ref);
  if (p.kind === "container") return { id: p.v.c.id };
  if (p.kind === "machine") return { id: p.m.id };
  return { why: p.kind === "missing" ? missingWhy(ref) : `${ref} is a LAN, which runs no kernel` };
}

function checkSharesKernel(r: Resolved, g: SharesKernelGoal): Verdict {
  const a = workload(r, g.a);
  const b = workload(r, g.b);
  if ("why" in a) return { met: false, why: a.why };
  if ("why" in b) return { met: false, why: b.why };
  const x = isolation(r, a.id, b.id);
  const why = x.sameKernel ? x.reason : `${g.a} runs on ${x.kernels[0]}'s kernel and ${g.b} on ${x.kernels[1]}'s: ${x.reason}`;
  return { met: flip(x.sameKernel, g.not), why };
}

function checkOwnKernel(r: Resolved, g: OwnKernelGoal): Verdict {
  const p = party(r, g.of);
  if (p.kind === "missing") return { met: false, why: missingWhy(g.of) };
  if (p.kind === "lan") return { met: false, why: `${g.of} is a LAN, which runs no kernel` };
  if (p.kind === "machine") {
    const host = p.m.vm ? r.doc.machines[p.m.vm.hostId] : undefined;
    const why = host ? `${g.of} is a VM: it boots its own kernel on ${host.name}'s hypervisor` : `${g.of} is a machine running its own kernel`;
    return { met: flip(true, g.not), why };
  }
  return { met: flip(false, g.not), why: isolation(r, p.v.c.id, p.v.machine.id).reason };
}

/**
 * Checks one goal against a resolved document.
 * @example checkGoal(resolve(doc), { kind: "running", container: "web", title: "…", hint: "…" }) // { met: true, why: "web is running" }
 */
export function checkGoal(r: Resolved, g: Goal): Verdict {
  switch (g.kind) {
    case "resolves":
      return checkResolves(r, g);
    case "reaches":
      return checkReaches(r, g);
    case "published":
      return checkPublished(r, g);
    case "isolated":
      return checkIsolated(r, g);
    case "running":
      return checkRunning(r, g);
    case "count":
      return checkCount(r, g);
    case "sharesKernel":
      return checkSharesKernel(r, g);
    case "ownKernel":
      return checkOwnKernel(r, g);
    case "service":
      return checkService(r, g);
    case "file":
      return checkFile(r, g);
    case "exited":
      return checkExited(r, g);
    case "image":
      return checkImage(r, g);
  }
}

/**
 * The goal as a formula, e.g. `not reaches(lan, db, 5432)`.
 * @example describeGoal({ kind: "isolated", a: "web", b: "db", ... }) // "isolated(web, db)"
 */
export function describeGoal(g: Goal): string {
  const neg = "not" in g && g.not ? "not " : "";
  switch (g.kind) {
    case "resolves":
      return `${neg}resolves(${[g.from, g.name, g.address, g.to?.join("|")].filter((x) => x !== undefined).join(", ")})`;
    case "reaches":
      return `${neg}reaches(${g.from}, ${g.target}, ${g.port === null ? "ping" : `${g.port}${g.proto === "udp" ? "/udp" : ""}`})`;
    case "published":
      return `${neg}published(${[g.hostIp ? `${g.hostIp}:${g.hostPort ?? "*"}` : (g.hostPort ?? "*"), g.container, g.containerPort ?? "*"].join(", ")})`;
    case "isolated":
      return `isolated(${g.a}, ${g.b})`;
    case "running":
      return `${neg}running(${g.container})`;
    case "count": {
      const where = Object.entries(g.where ?? {}).map(([k, v]) => `${k}=${v}`);
      return `count(${g.of}${where.length ? ` where ${where.join(" ")}` : ""} ${g.op} ${g.n})`;
    }
    case "sharesKernel":
      return `${neg}sharesKernel(${g.a}, ${g.b})`;
    case "ownKernel":
      return `${neg}ownKernel(${g.of})`;
    case "exited":
      return `exited(${[g.container, g.code, g.oomKilled ? "oom" : undefined, g.logContains === undefined ? undefined : JSON.stringify(g.logContains)].filter((x) => x !== undefined).join(", ")})`;
    case "file":
      return `${neg}file(${g.in}, ${g.path}${g.contains === undefined ? "" : `, ${JSON.stringify(g.contains)}`})`;
    case "image": {
      const args = [
        g.ref,
        g.from && `from=${g.from}`,
        g.step && `step=${JSON.stringify(g.step)}`,
        g.before && `before=${JSON.stringify(g.before)}`,
        g.maxLayers && `layers<=${g.maxLayers}`,
      ];
      return `${neg}image(${args.filter(Boolean).join(", ")})`;
    }
    case "service": {
      const args = [
        g.service,
        g.replicas === undefined ? undefined : `replicas=${g.replicas}`,
        g.publishes === undefined ? undefined : `publishes=${g.publishes}${g.mode ? `/${g.mode}` : ""}`,
      ];
      return `${neg}service(${args.filter((x) => x !== undefined).join(", ")})`;
    }
  }
}
