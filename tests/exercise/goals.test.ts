import { describe, expect, it } from "vitest";
import { checkGoal, describeGoal, type Goal, party, runLines } from "../../lib/exercise";
import { Shell } from "../../lib/shell";
import { resolve } from "../../lib/sim";

/** A resolved world built by typing lines into the headless shell; every line must succeed. */
function world(...lines: string[]) {
  const shell = Shell.fresh({ seed: 3 });
  const steps = runLines(shell, lines);
  const failed = steps.find((s) => !s.asExpected);
  if (failed) throw new Error(`${failed.line}: ${failed.stderr}`);
  return resolve(shell.doc);
}

const t = { title: "t", hint: "h" };

describe("goal checks against the simulation", () => {
  const published = world(
    "docker network create backend",
    "docker run -d --name db --network backend -p 5432:5432 postgres",
    "docker run -dit --name app --network backend alpine ash",
    "docker run -d --name admin -p 127.0.0.1:9000:80 nginx",
    "docker run -dit --name loner alpine ash",
  );

  const cases: { goal: Goal; met: boolean; why: string | RegExp }[] = [
    {
      goal: { ...t, kind: "reaches", from: "lan", target: "db", port: 5432, not: true },
      met: false,
      why: "db is reachable from the LAN on 5432/tcp: it publishes 5432 on 0.0.0.0",
    },
    {
      goal: { ...t, kind: "reaches", from: "lan", target: "host", port: 5432 },
      met: true,
      why: "host is reachable from the LAN on 5432/tcp: db publishes 5432 on 0.0.0.0",
    },
    {
      goal: { ...t, kind: "reaches", from: "lan", target: "admin", port: 80 },
      met: false,
      why: "the LAN cannot reach admin on 80/tcp: admin publishes 9000 on 127.0.0.1 only",
    },
    { goal: { ...t, kind: "reaches", from: "host", target: "localhost", port: 9000 }, met: true, why: /admin publishes 80 as 127\.0\.0\.1:9000/ },
    { goal: { ...t, kind: "reaches", from: "lan", target: "172.18.0.2", port: 5432 }, met: false, why: /not on lan \(192\.168\.1\.0\/24\)/ },
    { goal: { ...t, kind: "reaches", from: "app", target: "db", port: 5432 }, met: true, why: "db is reachable from app on 5432/tcp: db accepts 5432/tcp" },
    { goal: { ...t, kind: "reaches", from: "app", target: "db", port: 80 }, met: false, why: /nothing in db listens on port 80\/tcp/ },
    { goal: { ...t, kind: "reaches", from: "loner", target: "db", port: 5432 }, met: false, why: /default bridge, which has no DNS/ },
    { goal: { ...t, kind: "reaches", from: "ghost", target: "db", port: 5432 }, met: false, why: "there is no container, machine or LAN named ghost" },
    { goal: { ...t, kind: "resolves", from: "app", name: "db", to: ["db"] }, met: true, why: /app resolves db to 172\.18\.0\.2/ },
    { goal: { ...t, kind: "resolves", from: "app", name: "db", address: "10.0.0.9" }, met: false, why: /, not to 10\.0\.0\.9$/ },
    { goal: { ...t, kind: "resolves", from: "loner", name: "db", not: true }, met: true, why: /loner cannot resolve db/ },
    { goal: { ...t, kind: "resolves", from: "app", name: "db", to: ["loner"] }, met: false, why: /which is not loner \(172\.17\.0\.\d+\)/ },
    { goal: { ...t, kind: "published", container: "db", hostPort: 5432, containerPort: 5432 }, met: true, why: "db publishes 0.0.0.0:5432 → 5432/tcp" },
    {
      goal: { ...t, kind: "published", container: "db", not: true },
      met: false,
      why: "db publishes 0.0.0.0:5432 → 5432/tcp: anyone who reaches the host reaches it",
    },
    {
      goal: { ...t, kind: "published", container: "admin", hostIp: "0.0.0.0", hostPort: 9000 },
      met: false,
      why: /admin publishes 127\.0\.0\.1:9000 → 80\/tcp, not/,
    },
    { goal: { ...t, kind: "published", container: "app" }, met: false, why: "app publishes no ports: it is reachable only from its own networks" },
    // loner reaches db through the host's address, because db publishes 5432 on every address.
    { goal: { ...t, kind: "isolated", a: "loner", b: "db" }, met: false, why: /loner reaches db through the host \(db publishes 5432 on 0\.0\.0\.0\)/ },
    { goal: { ...t, kind: "isolated", a: "loner", b: "app" }, met: true, why: /^no path between loner and app either way: / },
    { goal: { ...t, kind: "isolated", a: "app", b: "db" }, met: false, why: /app reaches db at 172\.18\.0\.2/ },
    { goal: { ...t, kind: "running", container: "db" }, met: true, why: "db is running" },
    { goal: { ...t, kind: "running", container: "nobody" }, met: false, why: "there is no container named nobody" },
    {
      goal: { ...t, kind: "count", of: "containers", where: { running: true }, op: "==", n: 4 },
      met: true,
      why: "4 containers (db, app, admin, loner); the goal wants == 4",
    },
    {
      goal: { ...t, kind: "count", of: "containers", where: { image: "nginx:latest" }, op: ">=", n: 2 },
      met: false,
      why: "1 container (admin); the goal wants >= 2",
    },
    { goal: { ...t, kind: "count", of: "networks", where: { builtin: false }, op: "==", n: 1 }, met: true, why: "1 network (backend); the goal wants == 1" },
    { goal: { ...t, kind: "count", of: "networks", op: ">", n: 4 }, met: false, why: "4 networks (bridge, host, none, backend); the goal wants > 4" },
  ];

  it.each(cases.map((c) => [describeGoal(c.goal), c] as const))("%s", (_name, c) => {
    const v = checkGoal(published, c.goal);
    if (typeof c.why === "string") expect(v.why).toBe(c.why);
    else expect(v.why).toMatch(c.why);
    expect(v.met).toBe(c.met);
  });

  it("returns the reach path for the canvas to highlight", () => {
    const v = checkGoal(published, { ...t, kind: "reaches", from: "lan", target: "db", port: 5432 });
    expect(v.path?.[0]).toMatchObject({ label: "lan", rule: "from another machine on lan (192.168.1.0/24)" });
    expect(v.path?.at(-1)?.label).toBe("db");
  });

  it("explains a stopped container and a refused port binding", () => {
    const r = world(
      "docker run -d --name blue -p 8080:80 nginx",
      "! docker run -d --name green -p 8080:80 httpd",
      "docker run -d --name old nginx",
      "docker stop old",
    );
    expect(checkGoal(r, { ...t, kind: "running", container: "green" })).toEqual({ met: false, why: "green was created but never started" });
    expect(checkGoal(r, { ...t, kind: "running", container: "old" }).why).toMatch(/^old has exited \(code \d+\)$/);
    expect(checkGoal(r, { ...t, kind: "running", container: "old", not: true }).met).toBe(true);
    expect(checkGoal(r, { ...t, kind: "isolated", a: "blue", b: "old" })).toEqual({
      met: false,
      why: "old is not running (isolation is checked between running containers)",
    });
  });

  it("explains why an internal network publishes nothing", () => {
    const r = world("docker network create --internal backend", "docker run -d --name web --network backend -p 8080:80 nginx");
    const v = checkGoal(r, { ...t, kind: "reaches", from: "lan", target: "web", port: 80 });
    expect(v.met).toBe(false);
    expect(v.why).toBe(
      "the LAN cannot reach web on 80/tcp: web publishes nothing for port 80/tcp: web publishes ports but has no network with a gateway (internal networks publish nothing)",
    );
    expect(checkGoal(r, { ...t, kind: "published", container: "web", hostPort: 8080 }).why).toMatch(
      /^web does not publish 8080: web publishes ports but has no network/,
    );
  });

  it("treats a container: sidecar as its namespace owner", () => {
    const r = world(
      "docker network create app",
      "docker run -d --name web --network app nginx",
      "docker run -dit --name debug --network container:web alpine ash",
    );
    expect(checkGoal(r, { ...t, kind: "reaches", from: "debug", target: "localhost", port: 80 }).met).toBe(true);
    expect(checkGoal(r, { ...t, kind: "isolated", a: "web", b: "debug" }).why).toBe("web and debug share one network namespace: they talk over localhost");
    expect(party(r, "debug").kind).toBe("container");
    expect(party(r, "host").kind).toBe("machine");
    expect(party(r, "lan")).toMatchObject({ kind: "lan", label: "the LAN" });
  });
});
