/**
 * Packets on overlay networks: a container reaching a peer on another node goes through a VXLAN
 * tunnel (UDP 4789) between the two nodes' addresses; a service VIP is balanced by IPVS to a task;
 * a port published in ingress mode answers on every node (the routing mesh). `reach` calls in here.
 */
import type { Machine, Network, Service } from "../model";
import { parseIp } from "../model";
import { memberOf, SWARM_PORTS, servicesOf, swarmIndex, tasksOf } from "./swarm";
import type { ContainerView, EndpointView, Resolved } from "./types";
import type { Hooks, PortOpts, TraceLike } from "./vm/hooks";

type Result = { verdict: string };

/** A throw-away trace for asking whether the underlay carries a packet. */
function probe(address: string): TraceLike & { verdict: string } {
  const t = {
    address,
    verdict: "",
    hop: () => t,
    end: (verdict: string) => {
      t.verdict = verdict;
      return { verdict };
    },
  };
  return t as TraceLike & { verdict: string };
}

/**
 * Crosses from node `from` to node `to` in a VXLAN tunnel: null when the underlay carries UDP 4789
 * between them, else the ended trace.
 */
function tunnel<R extends Result>(t: TraceLike, r: Resolved, n: Network, from: Machine, to: Machine, hooks: Hooks<R>): R | null {
  const src = from.engine?.swarm?.advertiseAddr ?? "?";
  const dst = to.engine?.swarm?.advertiseAddr ?? "?";
  const dstIp = parseIp(dst);
  const ok = dstIp !== null && hooks.fromMachine(probe(dst), r, from, dstIp, { port: null }).verdict === "reachable";
  const vni = n.overlay?.vxlanId ?? 0;
  if (!ok) {
    t.hop(n.id, n.name, `VXLAN (VNI ${vni}) from ${from.name} ${src} to ${to.name} ${dst}: the underlay does not carry UDP ${SWARM_PORTS.vxlan}`);
    return t.end("dropped", `${from.name} cannot reach ${to.name} at ${dst}, so the overlay ${n.name} cannot carry the packet between them`) as R;
  }
  t.hop(n.id, n.name, `VXLAN (VNI ${vni}): encapsulated in UDP ${SWARM_PORTS.vxlan} from ${from.name} ${src} to ${to.name} ${dst}`);
  return null;
}

function deliverTo<R extends Result>(t: TraceLike, r: Resolved, n: Network, from: Machine, target: ContainerView, opts: PortOpts, hooks: Hooks<R>): R {
  if (target.machine.id !== from.id) {
    const blocked = tunnel(t, r, n, from, target.machine, hooks);
    if (blocked) return blocked;
  } else t.hop(n.id, n.name, `same overlay network on ${from.name}: the overlay's bridge delivers it`);
  return (hooks.deliver as NonNullable<Hooks<R>["deliver"]>)(t, target, opts, `on ${n.name}`);
}

/** IPVS on the sender's side picks a task; ping is not balanced (IPVS handles TCP and UDP only). */
function viaVip<R extends Result>(t: TraceLike, r: Resolved, n: Network, from: Machine, s: Service, opts: PortOpts, hooks: Hooks<R>): R {
  if (opts.port === null) {
    t.hop(n.id, n.name, `${t.address} is the virtual IP of service ${s.name}; IPVS balances TCP and UDP only, so nothing answers ping`);
    return t.end("dropped", `a service VIP does not answer ping (try tasks.${s.name})`) as R;
  }
  const tasks = tasksOf(r, s.id).filter((v) => v.endpoints.some((ep) => ep.network.id === n.id && ep.ip !== null));
  const task = tasks[0];
  if (!task) {
    t.hop(n.id, n.name, `${t.address} is the virtual IP of service ${s.name}, which has no running task`);
    return t.end("dropped", `service ${s.name} has no running task behind its VIP`) as R;
  }
  const ip = task.endpoints.find((ep) => ep.network.id === n.id)?.ip;
  t.hop(n.id, n.name, `IPVS: VIP ${t.address} of service ${s.name} is balanced over ${tasks.length} task(s); this connection goes to ${task.c.name} (${ip})`);
  return deliverTo(t, r, n, from, task, opts, hooks);
}

/**
 * A container sending to an address on one of its overlay networks; null when the address is not a
 * swarm one (the bridge rules of `reach` then apply).
 */
export function overlayFrom<R extends Result>(
  t: TraceLike,
  r: Resolved,
  v: ContainerView,
  ep: EndpointView,
  ip: number,
  opts: PortOpts,
  hooks: Hooks<R>,
): R | null {
  const n = ep.network;
  if (n.scope !== "swarm") return null;
  const service = swarmIndex(r).vips.get(n.id)?.get(ip);
  t.hop(v.c.id, v.c.name, `${t.address} is on ${n.name} (${n.subnet}), where ${v.c.name} has ${ep.ip}`);
  if (service) return viaVip(t, r, n, v.machine, service, opts, hooks);
  const owner = (r.endpointsByNetwork.get(n.id) ?? []).find((e) => e.ipNum === ip && e.ip !== null);
  if (!owner) {
    t.hop(n.id, n.name, `no running container holds ${t.address} on ${n.name}`);
    return t.end("dropped", `nothing on ${n.name} has ${t.address}`) as R;
  }
  return deliverTo(t, r, n, v.machine, r.containers.get(owner.container.id) as ContainerView, opts, hooks);
}

/**
 * Traffic arriving at a swarm node for a port dockerd itself serves: the control plane (2377, on
 * managers), gossip (7946), VXLAN (4789), and the routing mesh (ports published in ingress mode
 * answer on every node, with or without a task there). Null when none applies.
 */
export function swarmAtHost<R extends Result>(t: TraceLike, r: Resolved, m: Machine, opts: PortOpts, hooks: Hooks<R>): R | null {
  const me = memberOf(r.doc, m.id);
  if (!me || opts.port === null) return null;
  const proto = opts.proto ?? "tcp";
  const own = (what: string) => {
    t.hop(m.id, m.name, `dockerd on ${m.name} listens on ${opts.port}/${proto} (${what})`);
    return t.end("reachable", `${m.name}'s swarm ${what} answers`) as R;
  };
  if (opts.port === SWARM_PORTS.control && proto === "tcp" && me.role === "manager") return own("cluster management");
  if (opts.port === SWARM_PORTS.gossip) return own("node discovery");
  if (opts.port === SWARM_PORTS.vxlan && proto === "udp") return own("overlay data path");
  for (const s of servicesOf(r.doc, me.clusterId)) {
    const port = s.ports.find((p) => p.mode === "ingress" && p.published === opts.port && p.proto === proto);
    if (!port) continue;
    const ingress = r.doc.networks[r.doc.swarms?.[me.clusterId]?.ingressNetworkId ?? ""];
    const tasks = tasksOf(r, s.id);
    const task = tasks[0];
    t.hop(m.id, m.name, `routing mesh: ${m.name} accepts ${opts.port}/${proto} for service ${s.name} (published in ingress mode on every node)`);
    if (!task || !ingress) return t.end("dropped", `service ${s.name} has no running task for the routing mesh to send to`) as R;
    t.hop(ingress.id, ingress.name, `IPVS in the ingress sandbox balances over ${tasks.length} task(s); this connection goes to ${task.c.name}`);
    return deliverTo(t, r, ingress, m, task, { port: port.target, proto }, hooks);
  }
  return null;
}
