/** A container whose only ways out are overlays gets an endpoint on its node's docker_gwbridge. */
import { describe, expect, it } from "vitest";
import { apply } from "../../lib/ops";
import { swarmOfTwo } from "./helpers";

function gwbridgeOf(s: ReturnType<typeof swarmOfTwo>, name: string) {
  return Object.values(s.doc.containers).find((c) => c.name === name)?.gwbridge;
}

describe("docker_gwbridge endpoints", () => {
  it("gives an overlay container eth1 on docker_gwbridge, the next free address, and its default route", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay --attachable test-net");
    s.ok("docker run -dit --name a1 --network test-net alpine");
    expect(gwbridgeOf(s, "a1")).toMatchObject({ ip: "172.18.0.3", ifname: "eth1" });
    expect(s.ok("docker exec a1 ip route")).toBe(
      "default via 172.18.0.1 dev eth1 \n10.0.1.0/24 dev eth0 scope link  src 10.0.1.2 \n172.18.0.0/16 dev eth1 scope link  src 172.18.0.3 \n",
    );
    expect(s.ok("docker exec a1 ip -4 addr show eth1")).toContain("inet 172.18.0.3/16 brd 172.18.255.255 scope global eth1");
    // Not one of its networks: inspect and /etc/hosts leave it out.
    expect(s.ok("docker inspect a1 --format '{{range $k, $v := .NetworkSettings.Networks}}{{$k}};{{end}}'")).toBe("test-net;\n");
    expect(s.ok("docker exec a1 hostname -i")).toBe("10.0.1.2\n");
    expect(s.ok("docker network inspect docker_gwbridge --format '{{range .Containers}}{{.IPv4Address}};{{end}}'")).toBe("172.18.0.3/16;172.18.0.2/16;\n");
    // A second container on the same node takes the next address; the other node has its own bridge.
    s.ok("docker run -dit --name a2 --network test-net alpine");
    expect(gwbridgeOf(s, "a2")?.ip).toBe("172.18.0.4");
    s.ok("ssh host2 docker run -dit --name b1 --network test-net alpine");
    expect(gwbridgeOf(s, "b1")?.ip).toBe("172.18.0.3");
  });

  it("leaves internal overlays out, and goes when a bridge gives a gateway, at stop and at removal", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay --attachable test-net");
    s.ok("docker network create -d overlay --attachable --internal quiet");
    s.ok("docker run -dit --name inner --network quiet alpine");
    expect(gwbridgeOf(s, "inner")).toBeUndefined();
    expect(s.ok("docker exec inner ip route")).toBe("10.0.2.0/24 dev eth0 scope link  src 10.0.2.2 \n");

    s.ok("docker run -dit --name a1 --network test-net alpine");
    s.ok("docker network connect quiet a1");
    expect(gwbridgeOf(s, "a1")).toMatchObject({ ip: "172.18.0.3", ifname: "eth1" });
    s.ok("docker network connect bridge a1");
    expect(gwbridgeOf(s, "a1")).toBeUndefined();
    expect(s.ok("docker exec a1 ip route")).toMatch(/^default via 172\.17\.0\.1 dev eth3 \n/);
    s.ok("docker network disconnect bridge a1");
    expect(gwbridgeOf(s, "a1")).toMatchObject({ ip: "172.18.0.3", ifname: "eth4" });

    // A bridge container connected to an overlay keeps the bridge's way out.
    s.ok("docker run -dit --name a2 alpine");
    s.ok("docker network connect test-net a2");
    expect(gwbridgeOf(s, "a2")).toBeUndefined();

    s.ok("docker stop -t 1 a1");
    expect(gwbridgeOf(s, "a1")).toBeUndefined();
    s.ok("docker start a1");
    expect(gwbridgeOf(s, "a1")).toMatchObject({ ip: "172.18.0.3", ifname: "eth2" });
    s.ok("docker rm -f a1");
    expect(s.ok("docker network inspect docker_gwbridge --format '{{len .Containers}}'")).toBe("1\n");
  });

  it("gives service tasks on an overlay one, and a stored document with one stays valid", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay test-net");
    s.ok("docker service create -d --name web --replicas 2 --network test-net nginx");
    const tasks = Object.values(s.doc.containers).filter((c) => c.task);
    expect(tasks.map((c) => c.gwbridge?.ifname)).toEqual(["eth1", "eth1"]);
    expect(apply(s.doc, { type: "doc.setTitle", title: "x" }).ok).toBe(true);
  });
});

describe("a node joining an overlay again", () => {
  const lbOf = (s: ReturnType<typeof swarmOfTwo>, net: string) =>
    s.ok(`docker network inspect ${net} --format '{{with index .Containers "lb-${net}"}}{{.IPv4Address}}{{end}}'`);

  it("gives the load balancer a new address after the container's when the node's last container came back", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay --attachable nb");
    s.ok("docker run -dit --name b1 --network nb alpine");
    expect(lbOf(s, "nb")).toBe("10.0.1.3/24\n");
    s.ok("docker rm -f b1");
    s.ok("docker run -dit --name b3 --network nb alpine");
    expect(s.ok("docker exec b3 hostname -i")).toBe("10.0.1.4\n");
    expect(lbOf(s, "nb")).toBe("10.0.1.5/24\n");
    s.ok("docker stop -t 1 b3");
    s.ok("docker start b3");
    expect(s.ok("docker exec b3 hostname -i")).toBe("10.0.1.6\n");
    expect(lbOf(s, "nb")).toBe("10.0.1.7/24\n");
    // With another container of the node still attached, the load balancer stays.
    s.ok("docker run -dit --name b4 --network nb alpine");
    s.ok("docker restart -t 1 b3");
    expect(s.ok("docker exec b3 hostname -i")).toBe("10.0.1.9\n");
    expect(lbOf(s, "nb")).toBe("10.0.1.7/24\n");
  });
});

describe("interface order after a restart", () => {
  it("lists docker_gwbridge's interface right after the overlay that needed it, though it is named last", () => {
    const s = swarmOfTwo();
    s.ok("docker network create -d overlay --attachable test-net");
    s.ok("docker network create -d overlay --attachable --internal quiet");
    s.ok("docker run -dit --name k1 --network test-net alpine");
    s.ok("docker network connect quiet k1");
    const order = () => [...s.ok("docker exec k1 ip -4 addr").matchAll(/^\d+: (\w+)@\w+: .*\n\s+inet (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    // Made in the order they were asked for: the overlay, its way out, the internal overlay.
    expect(order()).toEqual(["eth0 10.0.1.2/24", "eth1 172.18.0.3/16", "eth2 10.0.2.2/24"]);
    s.ok("docker restart -t 1 k1");
    // Named in network order with docker_gwbridge last, but made right after test-net.
    expect(order()).toEqual(["eth0 10.0.1.4/24", "eth2 172.18.0.3/16", "eth1 10.0.2.4/24"]);
    expect(s.ok("docker exec k1 ip route")).toMatch(/^default via 172\.18\.0\.1 dev eth2 \n/);
  });
});
