/** Exercises across two Docker hosts: an attachable overlay, the routing mesh, and a broken swarm to repair. */
import { defineExercise } from "../schema";

const HOST2 = "lab host add host2 --ip 192.168.1.11";
const INIT = "docker swarm init --advertise-addr 192.168.1.10";
const JOIN = "ssh host2 docker swarm join --token $(docker swarm join-token -q worker) 192.168.1.10:2377";

export const overlayTwoHosts = defineExercise({
  id: "overlay-two-hosts",
  title: "An overlay across two hosts",
  summary: "Two Docker hosts on one LAN. Make a container on each talk to the other by name.",
  level: "advanced",
  tags: ["swarm", "overlay", "dns", "multi-host"],
  instructions: `\`host\` (192.168.1.10) and \`host2\` (192.168.1.11) sit on the same LAN, each with its own
Docker Engine. A bridge network lives on one host only: its containers can't see the other host's.

Run \`alpine1\` on \`host\` and \`alpine2\` on \`host2\` (both \`alpine\`, detached and interactive) so that
\`alpine1\` resolves and pings \`alpine2\` by name, and back.

An **overlay** network spans the nodes of a swarm: VXLAN carries its traffic between the hosts over
UDP 4789. Standalone containers may join an overlay only if it was created \`--attachable\`.
Reach \`host2\`'s shell with \`ssh host2 ...\`.`,
  setup: [HOST2],
  goals: [
    {
      kind: "resolves",
      from: "alpine1",
      name: "alpine2",
      to: ["alpine2"],
      title: "alpine1 (on host) resolves alpine2 (on host2)",
      hint: "Names are answered per network: both containers must be on one network that spans the hosts, an overlay.",
    },
    {
      kind: "reaches",
      from: "alpine1",
      target: "alpine2",
      port: null,
      title: "alpine1 pings alpine2",
      hint: "An overlay needs a swarm: `docker swarm init --advertise-addr 192.168.1.10`, then join host2 as a worker.",
    },
    {
      kind: "reaches",
      from: "alpine2",
      target: "alpine1",
      port: null,
      title: "alpine2 pings alpine1",
      hint: "Create the overlay with `--attachable`, or `docker run --network` refuses it to a standalone container.",
    },
    {
      kind: "sharesKernel",
      a: "alpine1",
      b: "alpine2",
      not: true,
      title: "alpine1 and alpine2 run on different hosts",
      hint: "Start alpine2 on host2: `ssh host2 docker run -dit --name alpine2 ...`.",
    },
  ],
  solution: [
    INIT,
    JOIN,
    "docker network create -d overlay --attachable test-net",
    "docker run -dit --name alpine1 --network test-net alpine",
    "ssh host2 docker run -dit --name alpine2 --network test-net alpine",
  ],
});

export const routingMesh = defineExercise({
  id: "swarm-routing-mesh",
  title: "Publish a swarm service through the routing mesh",
  summary: "web answers on host2:8080 only. Make every node of the swarm answer on 8080, with two replicas.",
  level: "advanced",
  tags: ["swarm", "ports", "routing-mesh", "multi-host"],
  instructions: `\`host\` manages a swarm that \`host2\` has joined. The service \`web\` (nginx) was created with

    --publish published=8080,target=80,mode=host --constraint node.hostname==host2

so port 8080 is bound only on the node that runs its task. Clients on the LAN should be able to use
**either** host's address, whichever node the tasks run on, and \`web\` should run two replicas.

A port published in the default \`ingress\` mode is served by the **routing mesh**: every node of the
swarm accepts it and forwards the connection over the \`ingress\` overlay to a task.
A service's published ports can't be changed here in place: remove the service and create it again.`,
  setup: [HOST2, INIT, JOIN, "docker service create -d --name web --publish published=8080,target=80,mode=host --constraint node.hostname==host2 nginx"],
  goals: [
    {
      kind: "reaches",
      from: "lan",
      target: "host",
      port: 8080,
      title: "The LAN reaches web at host:8080",
      hint: "A mode=host port answers only where a task runs; publish in ingress mode (the default): `--publish 8080:80`.",
    },
    {
      kind: "reaches",
      from: "lan",
      target: "host2",
      port: 8080,
      title: "The LAN reaches web at host2:8080",
      hint: "Keep 8080 published: the routing mesh answers on every node, host2 included.",
    },
    {
      kind: "service",
      service: "web",
      replicas: 2,
      publishes: 8080,
      mode: "ingress",
      title: "web runs 2/2 replicas, publishing 8080 through the routing mesh",
      hint: "`docker service rm web`, then `docker service create -d --name web --replicas 2 --publish 8080:80 nginx`.",
    },
  ],
  solution: ["docker service rm web", "docker service create -d --name web --replicas 2 --publish 8080:80 nginx"],
});

export const faultSwarm = defineExercise({
  id: "fault-swarm-overlay",
  title: "Find the fault: a worker that never joined, an overlay nobody can attach to",
  summary: "api waits for a worker, and client can't reach it. Two faults in a two-host swarm.",
  level: "advanced",
  tags: ["fault", "swarm", "overlay", "multi-host"],
  instructions: `A colleague set up a swarm for the \`api\` service and left these notes:

    docker swarm init --advertise-addr 192.168.1.10
    docker network create -d overlay app-net
    docker service create -d --name api --network app-net --constraint node.role==worker nginx
    docker run -dit --name client --network app-net alpine    # "failed, ran it without --network"

\`api\` must run on a worker, and \`client\` (a standalone container on \`host\`) must reach \`api\` by
name over \`app-net\`. Neither works. Look at \`docker node ls\`, \`docker service ps api\` and
\`docker network inspect app-net\` to find out why, then fix it. \`host2\` (192.168.1.11) is meant to be
the worker; reach its shell with \`ssh host2 ...\`.`,
  setup: [
    HOST2,
    INIT,
    "docker network create -d overlay app-net",
    "docker service create -d --name api --network app-net --constraint node.role==worker nginx",
    "! docker run -dit --name client --network app-net alpine",
    "docker run -dit --name client alpine",
  ],
  goals: [
    {
      kind: "service",
      service: "api",
      replicas: 1,
      title: "api runs 1/1 task",
      hint: "A task constrained to node.role==worker waits until a worker exists: `docker node ls` lists one node only.",
    },
    {
      kind: "reaches",
      from: "client",
      target: "api",
      port: 80,
      title: "client reaches api:80 by name",
      hint: "Only an overlay created `--attachable` accepts standalone containers, and that can't be changed later: recreate app-net.",
    },
    {
      kind: "sharesKernel",
      a: "client",
      b: "host",
      title: "client still runs on host",
      hint: "Keep client on the manager; the overlay carries its traffic to the worker.",
    },
  ],
  solution: [
    JOIN,
    "docker service rm api",
    "docker network rm app-net",
    "docker network create -d overlay --attachable app-net",
    "docker service create -d --name api --network app-net --constraint node.role==worker nginx",
    "docker network connect app-net client",
  ],
});
