/**
 * Docker's "Networking with overlay networks" tutorial, part "Use an overlay network for standalone
 * containers", through the shell: two hosts, an attachable overlay, containers pinging across hosts.
 */
import { describe, expect, it } from "vitest";
import { reach } from "../../lib/sim";
import { swarmOfTwo, twoHosts } from "./helpers";

describe("overlay tutorial: standalone containers on an attachable overlay", () => {
  it("initialises a swarm and joins the second host with the token from $(...) over ssh", () => {
    const s = twoHosts();
    const init = s.ok("docker swarm init");
    expect(init).toMatch(
      /^Swarm initialized: current node \([0-9a-z]{25}\) is now a manager\.\n\nTo add a worker to this swarm, run the following command:\n\n {4}docker swarm join --token SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25} 192\.168\.1\.10:2377\n\nTo add a manager/,
    );
    expect(s.ok("ssh host2 docker swarm join --token $(docker swarm join-token -q worker) 192.168.1.10:2377")).toBe("This node joined a swarm as a worker.\n");
    const nodes = s.ok("docker node ls").split("\n");
    expect(nodes[0]).toMatch(/^ID +HOSTNAME +STATUS +AVAILABILITY +MANAGER STATUS +ENGINE VERSION$/);
    expect(nodes[1]).toMatch(/^[0-9a-z]{25} \* +host +Ready +Active +Leader +20\.10\.24\+dfsg1$/);
    expect(nodes[2]).toMatch(/^[0-9a-z]{25} +host2 +Ready +Active +20\.10\.24\+dfsg1$/);
    // ingress and docker_gwbridge appear on both nodes, as on a real engine
    for (const ls of [s.ok("docker network ls"), s.ok("ssh host2 docker network ls")]) {
      expect(ls).toMatch(/docker_gwbridge +bridge +local/);
      expect(ls).toMatch(/ingress +overlay +swarm/);
    }
    expect(s.ok("docker network inspect ingress --format '{{.Ingress}} {{range .IPAM.Config}}{{.Subnet}}{{end}}'")).toBe("true 10.0.0.0/24\n");
    expect(s.ok("docker network inspect docker_gwbridge --format '{{range .IPAM.Config}}{{.Subnet}}{{end}}'")).toBe("172.18.0.0/16\n");
  });

  it("lets containers on two hosts ping each other by name through a VXLAN tunnel", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay --attachable test-net");
    s.ok("docker run -dit --name alpine1 --network test-net alpine");
    // a worker sees an overlay only once something on it uses the network
    expect(s.ok("ssh host2 docker network ls")).not.toMatch(/test-net/);
    s.ok("ssh host2 docker run -dit --name alpine2 --network test-net alpine");
    expect(s.ok("ssh host2 docker network ls")).toMatch(/test-net +overlay +swarm/);
    expect(s.ok("docker network inspect test-net --format '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}'")).toBe("10.0.1.0/24 10.0.1.1\n");

    const ping = s.ok("docker exec alpine1 ping -c 2 alpine2");
    expect(ping).toMatch(/^PING alpine2 \(10\.0\.1\.4\): 56 data bytes/);
    expect(ping).toMatch(/2 packets transmitted, 2 packets received, 0% packet loss/);
    expect(s.ok("ssh host2 docker exec alpine2 ping -c 1 alpine1")).toMatch(/PING alpine1 \(10\.0\.1\.2\)[\s\S]*1 packets received/);

    const r = s.ctx.resolved();
    const alpine1 = r.containerByName("m-host", "alpine1");
    const path = reach(r, { kind: "container", id: alpine1?.c.id as string }, "alpine2", { port: null });
    expect(path.verdict).toBe("reachable");
    expect(path.path.some((h) => /VXLAN \(VNI 4097\): encapsulated in UDP 4789 from host 192\.168\.1\.10 to host2 192\.168\.1\.11/.test(h.rule))).toBe(true);
  });

  it("keeps overlay names to the overlay: a container on a local bridge of host2 cannot resolve alpine1", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay --attachable test-net");
    s.ok("docker run -dit --name alpine1 --network test-net alpine");
    s.ok("ssh host2 docker network create local-net");
    s.ok("ssh host2 docker run -dit --name other --network local-net alpine");
    const out = s.run("ssh host2 docker exec other ping -c 1 alpine1");
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe("ping: bad address 'alpine1'\n");
  });

  it("drops overlay traffic when the underlay between the nodes is cut", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay --attachable test-net");
    s.ok("docker run -dit --name alpine1 --network test-net alpine");
    s.ok("ssh host2 docker run -dit --name alpine2 --network test-net alpine");
    s.ok("ssh host2 ip addr del 192.168.1.11/24 dev eth0");
    const r = s.ctx.resolved();
    const alpine1 = r.containerByName("m-host", "alpine1");
    const path = reach(r, { kind: "container", id: alpine1?.c.id as string }, "alpine2", { port: null });
    expect(path.verdict).toBe("dropped");
    expect(path.reason).toMatch(/cannot reach host2 at 192\.168\.1\.11/);
    expect(s.run("docker exec alpine1 ping -c 1 -W 1 alpine2").stdout).toMatch(/1 packets transmitted, 0 packets received, 100% packet loss/);
  });

  it("refuses a non-attachable overlay to a standalone container, and an overlay outside the swarm", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay svc-only");
    const run = s.run("docker run -dit --name xx --network svc-only alpine");
    expect(run.stderr).toMatch(/Could not attach to network svc-only: rpc error: code = PermissionDenied desc = network svc-only not manually attachable/);
    s.ok("lab host add outsider --ip 192.168.1.12");
    const outside = s.run("ssh outsider docker network create -d overlay nope");
    expect(outside.stderr).toBe(
      'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.\n',
    );
  });
});
