/**
 * The `service` goal: a swarm service runs the tasks it wants and publishes what it should. The
 * words follow `docker service ls` (REPLICAS x/y, PORTS *:8080->80/tcp) and `docker service ps`
 * (pending tasks, no suitable node), so the checklist reads like the terminal.
 */
import { byOrder, type Service, type ServicePort } from "../model";
import { memberOf, type Resolved, tasksOf } from "../sim";
import type { ServiceGoal } from "./schema";

interface Verdict {
  met: boolean;
  why: string;
}

const flip = (met: boolean, not: boolean | undefined) => (not ? !met : met);

function portText(p: ServicePort): string {
  return `*:${p.published}->${p.target}/${p.proto} (${p.mode === "host" ? "mode=host" : "routing mesh"})`;
}

/** Why tasks wait: no node of the swarm satisfies the service's constraints (as `docker service ps` says). */
function pendingText(r: Resolved, s: Service): string {
  const nodes = Object.values(r.doc.machines).filter((m) => memberOf(r.doc, m.id)?.clusterId === s.clusterId).length;
  const constraints = s.constraints.length > 0 ? ` (${s.constraints.join(", ")})` : "";
  const n = s.pending.length;
  return `${n} task${n === 1 ? "" : "s"} pending: no suitable node among the swarm's ${nodes} node${nodes === 1 ? "" : "s"}${constraints}`;
}

/**
 * Checks a `service` goal.
 * @example checkService(resolve(doc), { kind: "service", service: "web", replicas: 2, ... }) // { met: true, why: "web runs 2/2 tasks: web.1 on host, web.2 on host2" }
 */
export function checkService(r: Resolved, g: ServiceGoal): Verdict {
  const s = byOrder(r.doc.services ?? {}).find((x) => x.name === g.service);
  if (!s) return { met: flip(false, g.not), why: `there is no swarm service named ${g.service}` };
  const tasks = tasksOf(r, s.id);
  const where = tasks.map((t) => `${s.name}.${t.c.task?.slot} on ${t.machine.name}`).join(", ");
  let why = `${s.name} runs ${tasks.length}/${s.replicas} task${s.replicas === 1 ? "" : "s"}${where ? `: ${where}` : ""}`;
  if (s.pending.length > 0) why += `; ${pendingText(r, s)}`;
  let met = tasks.length === s.replicas && s.replicas > 0;
  if (g.replicas !== undefined && s.replicas !== g.replicas) {
    met = false;
    why += `; it wants ${s.replicas} replica${s.replicas === 1 ? "" : "s"}, the goal ${g.replicas}`;
  }
  if (g.publishes !== undefined) {
    const hit = s.ports.find((p) => p.published === g.publishes && (g.mode === undefined || p.mode === g.mode));
    if (hit) why += `; it publishes ${portText(hit)}`;
    else {
      met = false;
      const want = `${g.publishes}${g.mode ? ` with mode=${g.mode}` : ""}`;
      why += s.ports.length > 0 ? `; it publishes ${s.ports.map(portText).join(", ")}, not ${want}` : `; it publishes no port, not ${want}`;
    }
  }
  return { met: flip(met, g.not), why };
}
