/**
 * Services through the shell: the overlay tutorial's service on a user overlay, VIP vs `tasks.`
 * answers, dnsrr, the routing mesh vs `mode=host`, placement, scaling, and the daemon's refusals.
 */
import { describe, expect, it } from "vitest";
import { reach } from "../../lib/sim";
import { swarmOfTwo, twoHosts } from "./helpers";

function addresses(nslookup: string): string[] {
  return [...nslookup.matchAll(/^Address: (\S+)$/gm)].map((m) => m[1] as string).sort();
}

describe("services on a user overlay", () => {
  it("spreads replicas over the nodes and answers the service name with its VIP, tasks.NAME with the tasks", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay --attachable my-overlay");
    const id = s.ok("docker service create -d --name web --replicas 2 --network my-overlay nginx").trim();
    expect(id).toMatch(/^[0-9a-z]{25}$/);
    expect(s.ok("docker service ls")).toMatch(
      new RegExp(`^ID +NAME +MODE +REPLICAS +IMAGE +PORTS\\n${id.slice(0, 12)} +web +replicated +2/2 +nginx:latest +\\n$`),
    );
    const ps = s.ok("docker service ps --format '{{.Name}} {{.Node}} {{.DesiredState}}' web");
    expect(ps).toBe("web.1 host Running\nweb.2 host2 Running\n");
    s.ok("docker run -dit --name client --network my-overlay alpine");
    const vip = s.ok("docker service inspect web --format '{{range .Endpoint.VirtualIPs}}{{.Addr}}{{end}}'").trim();
    expect(vip).toBe("10.0.1.2/24");
    expect(addresses(s.ok("docker exec client nslookup web"))).toEqual(["10.0.1.2"]);
    const tasks = addresses(s.ok("docker exec client nslookup tasks.web"));
    expect(tasks).toHaveLength(2);
    expect(tasks).not.toContain("10.0.1.2");
    // The VIP is balanced by IPVS, which handles TCP and UDP only: ping goes nowhere, HTTP reaches a task.
    expect(s.run("docker exec client ping -c 1 -W 1 web").stdout).toMatch(/0 packets received/);
    expect(s.ok("docker exec client wget -qO- http://web")).toMatch(/Welcome to nginx!/);
    const r = s.ctx.resolved();
    const client = r.containerByName("m-host", "client");
    const path = reach(r, { kind: "container", id: client?.c.id as string }, "web", { port: 80 });
    expect(path.verdict).toBe("reachable");
    expect(path.path.some((h) => /IPVS: VIP 10\.0\.1\.2 of service web is balanced over 2 task/.test(h.rule))).toBe(true);
  });

  it("answers the name of a dnsrr service with its tasks' addresses", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay --attachable net");
    s.ok("docker service create -d --name rr --endpoint-mode dnsrr --replicas 2 --network net nginx");
    s.ok("docker run -dit --name client --network net alpine");
    const byName = addresses(s.ok("docker exec client nslookup rr"));
    expect(byName).toHaveLength(2);
    expect(byName).toEqual(addresses(s.ok("docker exec client nslookup tasks.rr")));
    expect(s.ok("docker service inspect rr --format '{{json .Endpoint.VirtualIPs}}'")).toBe("null\n");
  });

  it("scales up and down, and removes the tasks with the service", () => {
    const s = swarmOfTwo();
    s.ok("docker service create -d --name web nginx");
    expect(s.ok("docker service scale web=3")).toMatch(/^web scaled to 3\noverall progress: 3 out of 3 tasks\n/);
    expect(s.ok("docker service ls --format '{{.Replicas}}'")).toBe("3/3\n");
    s.ok("docker service scale -d web=1");
    expect(s.ok("docker service ps -q web").trim().split("\n")).toHaveLength(1);
    expect(s.ok("docker service rm web")).toBe("web\n");
    expect(s.ok("docker ps -q") + s.ok("ssh host2 docker ps -q")).toBe("");
  });

  it("leaves a task pending when no node satisfies its constraints", () => {
    const s = swarmOfTwo();
    s.ok("docker service create -d --name pinned --constraint node.hostname==host2 nginx");
    expect(s.ok("docker service ps --format '{{.Node}}' pinned")).toBe("host2\n");
    s.ok("docker service create -d --name nowhere --constraint node.hostname==nope nginx");
    expect(s.ok("docker service ls --filter name=x --format '{{.Name}} {{.Replicas}}'")).toMatch(/nowhere 0\/1/);
    expect(s.ok("docker service ps --format '{{.CurrentState}} {{.Error}}' nowhere")).toMatch(/^Pending .* ago "no suitable node \(scheduling …"\n$/);
  });
});

describe("publishing: routing mesh vs mode=host", () => {
  it("answers an ingress-published port on every node, even one without a task", () => {
    const s = swarmOfTwo();
    s.ok("docker service create -d --name web --publish 8080:80 --constraint node.hostname==host nginx");
    expect(s.ok("docker service ls --format '{{.Ports}}'")).toBe("*:8080->80/tcp\n");
    s.ok("lab host add laptop --ip 192.168.1.50");
    for (const node of ["192.168.1.10", "192.168.1.11"]) {
      expect(s.ok(`ssh laptop curl -s http://${node}:8080/`)).toMatch(/Welcome to nginx!/);
    }
    const r = s.ctx.resolved();
    const path = reach(
      r,
      {
        kind: "machine",
        id:
          "m-" +
          Object.values(s.doc.machines)
            .find((m) => m.name === "laptop")
            ?.id.slice(2),
      },
      "192.168.1.11",
      { port: 8080 },
    );
    expect(path.verdict).toBe("reachable");
    expect(path.path.map((h) => h.rule).join("\n")).toMatch(
      /routing mesh: host2 accepts 8080\/tcp[\s\S]*VXLAN \(VNI 4096\)[\s\S]*host2 192\.168\.1\.11 to host 192\.168\.1\.10/,
    );
  });

  it("answers a mode=host port only on nodes running a task", () => {
    const s = swarmOfTwo();
    s.ok("docker service create -d --name web --publish published=9090,target=80,mode=host --constraint node.hostname==host2 nginx");
    expect(s.ok("docker service ls --format '{{.Ports}}'")).toBe("\n");
    expect(s.ok("docker service ps --format '{{.Ports}}' web")).toBe("*:9090->80/tcp,*:9090->80/tcp\n");
    expect(s.ok("ssh host2 docker ps --format '{{.Ports}}'")).toBe("0.0.0.0:9090->80/tcp, [::]:9090->80/tcp\n");
    s.ok("lab host add laptop --ip 192.168.1.50");
    expect(s.ok("ssh laptop curl -s http://192.168.1.11:9090/")).toMatch(/Welcome to nginx!/);
    const refused = s.run("ssh laptop curl -sS http://192.168.1.10:9090/");
    expect(refused.exitCode).toBe(7);
    expect(refused.stderr).toMatch(/Failed to connect to 192\.168\.1\.10 port 9090/);
  });
});

describe("what the daemon refuses", () => {
  it("refuses service commands and join tokens on a worker or outside a swarm", () => {
    const s = swarmOfTwo();
    expect(s.run("ssh host2 docker service create --name w nginx").stderr).toBe(
      "Error response from daemon: This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.\n",
    );
    expect(s.run("ssh host2 docker swarm join-token worker").exitCode).toBe(1);
    s.ok("lab host add lone --ip 192.168.1.12");
    expect(s.run("ssh lone docker service ls").stderr).toBe(
      'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.\n',
    );
  });

  it("refuses bad tokens, a second swarm and an unreachable manager", () => {
    const s = twoHosts();
    s.ok("docker swarm init");
    expect(s.run("ssh host2 docker swarm join --token SWMTKN-1-xxx 192.168.1.10:2377").stderr).toBe("Error response from daemon: invalid join token\n");
    const wrong = `SWMTKN-1-${"a".repeat(50)}-${"b".repeat(25)}`;
    expect(s.run(`ssh host2 docker swarm join --token ${wrong} 192.168.1.10:2377`).stderr).toBe(
      "Error response from daemon: rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster\n",
    );
    expect(s.run("docker swarm init").stderr).toBe(
      'Error response from daemon: This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.\n',
    );
    s.ok("lab lan add far --subnet 10.20.0.0/24 --router none");
    s.ok("lab host add island --lan far --ip 10.20.0.5");
    const out = s.run("ssh island docker swarm join --token $(docker swarm join-token -q worker) 192.168.1.10:2377");
    expect(out.stderr).toMatch(/^Error response from daemon: Timeout was reached before node joined\./);
  });

  it("refuses duplicate names, dnsrr with ingress, ingress port clashes and leaving as the last manager", () => {
    const s = swarmOfTwo();
    s.ok("docker service create -d --name a -p 8080:80 nginx");
    expect(s.run("docker service create -d --name a nginx").stderr).toBe(
      "Error response from daemon: rpc error: code = AlreadyExists desc = name conflicts with an existing object: service a already exists\n",
    );
    expect(s.run("docker service create -d --name b --endpoint-mode dnsrr -p 9000:80 nginx").stderr).toBe(
      "Error response from daemon: rpc error: code = InvalidArgument desc = EndpointSpec: port published with ingress mode can't be used with dnsrr mode\n",
    );
    const id = s.ok("docker service ls -q --filter name=a").trim();
    expect(s.run("docker service create -d --name c -p 8080:80 nginx").stderr).toMatch(
      new RegExp(
        `^Error response from daemon: rpc error: code = InvalidArgument desc = port '8080' is already in use by service 'a' \\(${id}[0-9a-z]*\\) as an ingress port\\n$`,
      ),
    );
    expect(s.run("docker service create -d --name d --network nope nginx").stderr).toBe("Error response from daemon: network nope not found\n");
    expect(s.run("docker swarm leave").stderr).toMatch(
      /Removing the last manager erases all current state of the swarm\. Use `--force` to ignore this message\./,
    );
    expect(s.ok("ssh host2 docker swarm leave")).toBe("Node left the swarm.\n");
    expect(s.ok("docker swarm leave --force")).toBe("Node left the swarm.\n");
    expect(s.ok("docker network ls --format '{{.Name}}'")).toBe("bridge\ndocker_gwbridge\nhost\nnone\n");
  });
});
