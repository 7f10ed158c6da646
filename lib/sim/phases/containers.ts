/** The container phases of `resolve`: network namespaces, then the ports they publish. */
import { type Container, containerImage, type Listener, type Machine, shortId } from "../../model";
import { isUserDefined } from "../endpoint";
import { listenersOf } from "../listeners";
import { checkPortsFree, PortTable, type Published, publishedOf } from "../ports";
import type { EndpointView, NetMode } from "../types";
import type { ResolveContext } from "./context";

function modeOf(c: Container): NetMode {
  if (c.networkMode === "host") return "host";
  if (c.networkMode === "none") return "none";
  if (c.networkMode.startsWith("container:")) return "container";
  return "bridge";
}

/** Sandbox order: internal networks last, then network name ascending (moby `Endpoint.Less`). */
function sandboxCompare(a: EndpointView, b: EndpointView): number {
  if (a.network.internal !== b.network.internal) return a.network.internal ? 1 : -1;
  return a.network.name < b.network.name ? -1 : a.network.name > b.network.name ? 1 : 0;
}

/**
 * namespaces: one view per container, over the network namespace it lives in (its own, or another
 * container's in `container:` mode): endpoints in sandbox order, default route, listeners, hostname.
 */
export function buildNamespaces(ctx: ResolveContext): void {
  const { doc, containers, ownEndpoints, views } = ctx;
  const byNsOwner = new Map<string, Container[]>();
  for (const c of containers) {
    const mode = modeOf(c);
    const target = mode === "container" ? doc.containers[c.networkMode.slice("container:".length)] : undefined;
    const nsOwner = target ?? c;
    const group = byNsOwner.get(nsOwner.id);
    if (group) group.push(c);
    else byNsOwner.set(nsOwner.id, [c]);
  }
  for (const c of containers) {
    const machine = doc.machines[c.machineId] as Machine;
    const mode = modeOf(c);
    const target = mode === "container" ? doc.containers[c.networkMode.slice("container:".length)] : undefined;
    const nsOwner = target ?? c;
    const running = c.state === "running" && nsOwner.state === "running";
    const endpoints = [...(ownEndpoints.get(nsOwner.id) ?? [])].sort(sandboxCompare);
    const ownerMode = modeOf(nsOwner);
    const gateway =
      running && ownerMode === "bridge" ? (endpoints.find((ep) => ep.gateway !== null && ep.ip !== null && ep.network.driver !== "null") ?? null) : null;
    const listeners: Listener[] = [];
    for (const member of byNsOwner.get(nsOwner.id) ?? []) {
      if (member.state === "running") listeners.push(...listenersOf(member));
    }
    const hostname = ownerMode === "host" ? machine.name : (nsOwner.hostname ?? shortId(nsOwner.id));
    views.set(c.id, {
      c,
      machine,
      image: containerImage(c),
      mode,
      nsOwner,
      endpoints,
      gateway,
      hostname,
      listeners,
      published: [],
      embeddedDns: ownerMode === "bridge" && endpoints.some((ep) => isUserDefined(ep.network) && ep.network.driver !== "null"),
      running,
    });
  }
}

/** ports: published bindings, in start order: a later container that asks for a taken port loses it. */
export function publishPorts(ctx: ResolveContext): void {
  const { doc, views, diagnostics, published } = ctx;
  for (const m of Object.keys(doc.machines)) published.set(m, []);
  const tables = new Map<string, PortTable>();
  const starters = [...views.values()].sort((a, b) => a.c.startedAt - b.c.startedAt || a.c.order - b.c.order);
  for (const v of starters) {
    const declared = publishedOf(v);
    if (declared.length === 0) continue;
    if (v.mode === "host") {
      diagnostics.push({
        level: "warning",
        subject: v.c.id,
        code: "ports.host",
        message: "WARNING: Published ports are discarded when using host network mode",
      });
      continue;
    }
    if (v.mode === "container") {
      diagnostics.push({
        level: "error",
        subject: v.c.id,
        code: "ports.container",
        message: "conflicting options: port publishing and the container type network mode",
      });
      continue;
    }
    if (!v.running || v.mode === "none") continue;
    if (!v.gateway) {
      diagnostics.push({
        level: "warning",
        subject: v.c.id,
        code: "ports.internal",
        message: `${v.c.name} publishes ports but has no network with a gateway (internal networks publish nothing)`,
      });
      continue;
    }
    let table = tables.get(v.c.machineId);
    if (!table) {
      table = new PortTable();
      tables.set(v.c.machineId, table);
    }
    const conflict = checkPortsFree(table, declared);
    if (conflict) {
      diagnostics.push({ level: "error", subject: v.c.id, code: "ports.allocated", message: conflict });
      continue;
    }
    v.published = declared;
    table.add(declared);
    (published.get(v.c.machineId) as Published[]).push(...declared);
  }
}
