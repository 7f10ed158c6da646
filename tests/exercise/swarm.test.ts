/** The `service` goal and the two-host swarm exercises: each start fails for the reason its instructions give. */
import { describe, expect, it } from "vitest";
import { buildStart, checkGoals, describeGoal, draftGoal, findExercise, type Goal, loadExercise, pickOptions } from "../../lib/exercise";
import { swarmOfTwo } from "../swarm/helpers";

const base = { title: "t", hint: "h" };

function verdicts(goals: Goal[], doc = swarmOfTwo().doc) {
  return checkGoals({ goals }, doc).map((g) => [g.met, g.why] as const);
}

describe("service goal", () => {
  it("is met when every wanted task runs, with the replica count and port asked for", () => {
    const s = swarmOfTwo();
    s.ok("docker service create -d --name web --replicas 2 -p 8080:80 nginx");
    const [all, wrongCount, hostMode, otherPort, negated] = verdicts(
      [
        { ...base, kind: "service", service: "web", replicas: 2, publishes: 8080, mode: "ingress" },
        { ...base, kind: "service", service: "web", replicas: 3 },
        { ...base, kind: "service", service: "web", publishes: 8080, mode: "host" },
        { ...base, kind: "service", service: "web", publishes: 9090 },
        { ...base, kind: "service", service: "web", not: true },
      ],
      s.doc,
    );
    expect(all).toEqual([true, "web runs 2/2 tasks: web.1 on host, web.2 on host2; it publishes *:8080->80/tcp (routing mesh)"]);
    expect(wrongCount).toEqual([false, "web runs 2/2 tasks: web.1 on host, web.2 on host2; it wants 2 replicas, the goal 3"]);
    expect(hostMode?.[0]).toBe(false);
    expect(hostMode?.[1]).toMatch(/it publishes \*:8080->80\/tcp \(routing mesh\), not 8080 with mode=host$/);
    expect(otherPort?.[1]).toMatch(/not 9090$/);
    expect(negated?.[0]).toBe(false);
  });

  it("says why tasks wait, and when there is no such service", () => {
    const s = swarmOfTwo();
    s.ok("docker service create -d --name pinned --constraint node.hostname==nope nginx");
    const [pending, missing, missingNot] = verdicts(
      [
        { ...base, kind: "service", service: "pinned" },
        { ...base, kind: "service", service: "ghost" },
        { ...base, kind: "service", service: "ghost", not: true },
      ],
      s.doc,
    );
    expect(pending).toEqual([false, "pinned runs 0/1 task; 1 task pending: no suitable node among the swarm's 2 nodes (node.hostname==nope)"]);
    expect(missing).toEqual([false, "there is no swarm service named ghost"]);
    expect(missingNot?.[0]).toBe(true);
  });

  it("reads as a formula, drafts from the document and rejects a bad mode with its path", () => {
    const g: Goal = { ...base, kind: "service", service: "web", replicas: 2, publishes: 8080, mode: "ingress", not: true };
    expect(describeGoal(g)).toBe("not service(web, replicas=2, publishes=8080/ingress)");
    const s = swarmOfTwo();
    s.ok("docker service create -d --name api -p 9000:80 nginx");
    const o = pickOptions(s.doc);
    expect(o.services).toEqual(["api"]);
    expect(o.ports).toContain(9000);
    expect(draftGoal("service", o)).toMatchObject({ kind: "service", service: "api" });
    const bad = loadExercise({
      id: "x",
      title: "X",
      summary: "x",
      instructions: "x",
      level: "advanced",
      goals: [{ ...base, kind: "service", service: "web", mode: "bridge" }],
      solution: ["true"],
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^goals\[0\]\.mode: /);
  });
});

describe("swarm exercises fail at the start for the stated reason", () => {
  function startVerdicts(id: string) {
    const ex = findExercise(id);
    if (!ex) throw new Error(`missing ${id}`);
    return checkGoals(ex, buildStart(ex).doc);
  }

  it("routing mesh: a mode=host port answers on host2 only", () => {
    const [onHost, onHost2, service] = startVerdicts("swarm-routing-mesh");
    expect(onHost?.met).toBe(false);
    expect(onHost2?.met).toBe(true);
    expect(service?.why).toMatch(/^web runs 1\/1 task: web\.1 on host2; .*\(mode=host\), not 8080 with mode=ingress$/);
  });

  it("fault: the constrained task waits for a worker, and client is on the default bridge", () => {
    const [api, reaches, kernel] = startVerdicts("fault-swarm-overlay");
    expect(api?.why).toBe("api runs 0/1 task; 1 task pending: no suitable node among the swarm's 1 node (node.role==worker)");
    expect(reaches?.met).toBe(false);
    expect(kernel?.met).toBe(true);
  });

  it("overlay: the solution's containers talk across hosts over VXLAN", () => {
    const ex = findExercise("overlay-two-hosts");
    if (!ex) throw new Error("missing");
    const start = checkGoals(ex, buildStart(ex).doc);
    expect(start.every((g) => !g.met)).toBe(true);
    expect(start[0]?.why).toBe("there is no container, machine or LAN named alpine1");
  });
});
