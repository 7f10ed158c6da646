/** Exercises about wiring services: private databases, a proxy, a sidecar, runtime connects and internal networks. */
import { defineExercise } from "../schema";

export const privateDatabase = defineExercise({
  id: "private-database",
  title: "Keep the database private while the app reaches it",
  summary: "Postgres is published to the whole LAN and the app can't find it by name. Fix both.",
  level: "intermediate",
  tags: ["ports", "dns", "security"],
  instructions: `Someone published Postgres with \`-p 5432:5432\` "so the app can reach it". Now every machine on the
LAN can try passwords on it, and the app still can't use the name \`db\`: both run on the default bridge.

Containers on the same **user-defined** network reach each other directly, on any port, by name. A
port only needs publishing for clients **outside** Docker.

Make \`app\` reach \`db:5432\` by name, and make sure nothing outside the host reaches the database.`,
  setup: ["docker run -d --name db -p 5432:5432 postgres", "docker run -dit --name app alpine ash"],
  goals: [
    {
      kind: "reaches",
      from: "app",
      target: "db",
      port: 5432,
      title: "app reaches db:5432 by name",
      hint: "Put both on one user-defined network: `docker network create`, then `docker network connect`.",
    },
    {
      kind: "reaches",
      from: "lan",
      target: "db",
      port: 5432,
      not: true,
      title: "The LAN can't reach the database",
      hint: "A published port opens the database to every network the host is on; run db again without `-p`.",
    },
    {
      kind: "published",
      container: "db",
      not: true,
      title: "db publishes nothing",
      hint: "Published ports are fixed when a container is created: remove db and run it again.",
    },
  ],
  solution: ["docker rm -f db", "docker network create backend", "docker run -d --name db --network backend postgres", "docker network connect backend app"],
});

export const proxyTwoServices = defineExercise({
  id: "proxy-two-services",
  title: "A proxy in front of two services",
  summary: "Two services are published on their own ports. Hide them behind one proxy on 8080.",
  level: "intermediate",
  tags: ["ports", "dns", "proxy"],
  instructions: `\`api\` (httpd) and \`shop\` (nginx) are each published on a host port. The team wants a single
entry point: a reverse proxy called \`proxy\` (nginx) published on **8080**, forwarding to \`api\` and
\`shop\` by name. The services themselves should no longer be reachable from the LAN.

Put the three containers on one user-defined network (call it whatever you like), publish only the
proxy, and stop publishing the services.`,
  setup: ["docker run -d --name api -p 8081:80 httpd", "docker run -d --name shop -p 8082:80 nginx"],
  goals: [
    {
      kind: "published",
      container: "proxy",
      hostPort: 8080,
      containerPort: 80,
      title: "proxy is published on host port 8080",
      hint: "`docker run -d --name proxy -p 8080:80 --network NET nginx`.",
    },
    {
      kind: "reaches",
      from: "proxy",
      target: "api",
      port: 80,
      title: "proxy reaches api by name",
      hint: "The proxy needs a user-defined network in common with api.",
    },
    {
      kind: "reaches",
      from: "proxy",
      target: "shop",
      port: 80,
      title: "proxy reaches shop by name",
      hint: "The proxy needs a user-defined network in common with shop.",
    },
    {
      kind: "reaches",
      from: "lan",
      target: "api",
      port: 80,
      not: true,
      title: "The LAN can't reach api directly",
      hint: "Run api again without `-p`.",
    },
    {
      kind: "reaches",
      from: "lan",
      target: "shop",
      port: 80,
      not: true,
      title: "The LAN can't reach shop directly",
      hint: "Run shop again without `-p`.",
    },
  ],
  solution: [
    "docker rm -f api",
    "docker rm -f shop",
    "docker network create web",
    "docker run -d --name api --network web httpd",
    "docker run -d --name shop --network web nginx",
    "docker run -d --name proxy -p 8080:80 --network web nginx",
  ],
});

export const sidecarNamespace = defineExercise({
  id: "sidecar-namespace",
  title: "A sidecar that shares the network namespace",
  summary: "Run a debugging sidecar that sees the web server on localhost.",
  level: "intermediate",
  tags: ["namespaces", "sidecar"],
  instructions: `\`web\` runs nginx on the network \`app\`. You want a tool container, \`debug\`, that sees the very same
network stack as \`web\`: same addresses, same ports, \`localhost\` meaning \`web\`.

\`--network container:NAME\` starts a container inside another container's network namespace (this is
how a Kubernetes pod's containers share one network). It has no network of its own and can't publish
ports.

Replace \`debug\` (now on the default bridge) with a sidecar of \`web\` that reaches nginx on
\`localhost:80\`.`,
  setup: ["docker network create app", "docker run -d --name web --network app nginx", "docker run -dit --name debug alpine ash"],
  goals: [
    {
      kind: "reaches",
      from: "debug",
      target: "localhost",
      port: 80,
      title: "debug reaches nginx on localhost:80",
      hint: "`docker run -dit --name debug --network container:web alpine ash`.",
    },
    {
      kind: "running",
      container: "debug",
      title: "debug is running",
      hint: "A sidecar needs its namespace owner (web) running too.",
    },
    {
      kind: "count",
      of: "containers",
      where: { network: "bridge" },
      op: "==",
      n: 0,
      title: "Nothing left on the default bridge",
      hint: "Remove the old debug container first.",
    },
  ],
  solution: ["docker rm -f debug", "docker run -dit --name debug --network container:web alpine ash"],
});

export const connectDisconnect = defineExercise({
  id: "connect-disconnect",
  title: "Connect and disconnect at run time",
  summary: "Move a running app from an old network to a new one without restarting it.",
  level: "intermediate",
  tags: ["networks", "runtime"],
  instructions: `The Redis server \`db\` moved to the network \`new-net\`; \`app\` is still on \`old-net\` and can't find it.
Restarting \`app\` would drop its users' sessions.

\`docker network connect NET CONTAINER\` adds a network interface to a running container, and
\`docker network disconnect NET CONTAINER\` removes one. The container keeps running throughout.

Move \`app\` to \`new-net\` and take it off \`old-net\`, without stopping it.`,
  setup: [
    "docker network create old-net",
    "docker network create new-net",
    "docker run -d --name db --network new-net redis",
    "docker run -dit --name app --network old-net alpine ash",
  ],
  goals: [
    {
      kind: "reaches",
      from: "app",
      target: "db",
      port: 6379,
      title: "app reaches db:6379",
      hint: "`docker network connect new-net app`.",
    },
    {
      kind: "count",
      of: "containers",
      where: { network: "old-net" },
      op: "==",
      n: 0,
      title: "Nobody is left on old-net",
      hint: "`docker network disconnect old-net app`.",
    },
    {
      kind: "running",
      container: "app",
      title: "app keeps running",
      hint: "Connecting and disconnecting works on a running container.",
    },
  ],
  solution: ["docker network connect new-net app", "docker network disconnect old-net app"],
});

export const internalNetwork = defineExercise({
  id: "internal-network",
  title: "Internal networks: no way out",
  summary: "A worker handles sensitive data: it must reach the database but never the internet.",
  level: "intermediate",
  tags: ["networks", "security", "internal"],
  instructions: `\`worker\` and \`db\` share the network \`data\`, an ordinary bridge: both can reach the internet through
the host's NAT. Compliance says the worker must not be able to send anything out.

A network created with \`--internal\` has no gateway: its containers reach each other, but nothing
outside (no default route, no upstream DNS, no published ports).

Keep \`worker\` talking to \`db\` on 5432 and cut both off from the internet.`,
  setup: ["docker network create data", "docker run -d --name db --network data postgres", "docker run -dit --name worker --network data alpine ash"],
  goals: [
    {
      kind: "reaches",
      from: "worker",
      target: "db",
      port: 5432,
      title: "worker reaches db:5432",
      hint: "Both need to share the new network.",
    },
    {
      kind: "reaches",
      from: "worker",
      target: "example.com",
      port: 443,
      not: true,
      title: "worker can't reach the internet",
      hint: "`docker network create --internal NAME`, connect both, then disconnect them from data.",
    },
    {
      kind: "reaches",
      from: "db",
      target: "example.com",
      port: 443,
      not: true,
      title: "db can't reach the internet",
      hint: "Any non-internal network gives a container a default route out.",
    },
  ],
  solution: [
    "docker network create --internal vault",
    "docker network connect vault db",
    "docker network connect vault worker",
    "docker network disconnect data db",
    "docker network disconnect data worker",
  ],
});
