/** Find-the-fault exercises: each starts broken, the instructions say what users see, not what is wrong. */
import { defineExercise } from "../schema";

export const faultStoppedDb = defineExercise({
  id: "fault-stopped-db",
  title: "Find the fault: the shop lost its database",
  summary: "The shop says `bad address 'db'`. Nothing was removed. Find out why.",
  level: "beginner",
  tags: ["fault", "dns", "lifecycle"],
  instructions: `Since this morning, \`shop\` logs \`bad address 'db'\`. The network \`shop-net\` is there, and
\`docker ps -a\` still lists \`db\`.

Use \`docker ps -a\`, \`docker exec shop nslookup db\` and \`docker inspect\` to find the cause, then fix
it. Docker's DNS only answers for containers that are running.`,
  setup: [
    "docker network create shop-net",
    "docker run -d --name db --network shop-net postgres",
    "docker run -dit --name shop --network shop-net alpine ash",
    "docker stop db",
  ],
  goals: [
    {
      kind: "resolves",
      from: "shop",
      name: "db",
      to: ["db"],
      title: "shop resolves db",
      hint: "What state is db in?",
    },
    {
      kind: "reaches",
      from: "shop",
      target: "db",
      port: 5432,
      title: "shop reaches db:5432",
      hint: "`docker start db`.",
    },
  ],
  solution: ["docker start db"],
});

export const faultWrongPort = defineExercise({
  id: "fault-wrong-port",
  title: "Find the fault: connection refused on 8080",
  summary: "The port is published, the container runs, and the browser still gets `connection refused`.",
  level: "intermediate",
  tags: ["fault", "ports"],
  instructions: `\`web\` runs nginx and \`docker ps\` shows \`0.0.0.0:8080->8080/tcp\`. Yet the browser on the LAN gets
*connection refused* on http://192.168.1.10:8080.

A published port forwards to the **container** port on the right of the colon. Find out which port
nginx really listens on inside the container, and fix the mapping so the LAN gets the page on 8080.`,
  setup: ["docker run -d --name web -p 8080:8080 nginx"],
  goals: [
    {
      kind: "reaches",
      from: "lan",
      target: "host",
      port: 8080,
      title: "The LAN opens host:8080",
      hint: "nginx listens on port 80 inside its container: `-p 8080:80`.",
    },
    {
      kind: "published",
      container: "web",
      hostPort: 8080,
      containerPort: 80,
      title: "Host port 8080 leads to web's port 80",
      hint: "Ports can't be changed on an existing container: remove it and run it again.",
    },
  ],
  solution: ["docker rm -f web", "docker run -d --name web -p 8080:80 nginx"],
});

export const faultInternalPublish = defineExercise({
  id: "fault-internal-publish",
  title: "Find the fault: the published port that never opened",
  summary: "`-p 8080:80` was given, nginx runs, and yet the host forwards nothing.",
  level: "advanced",
  tags: ["fault", "ports", "internal"],
  instructions: `To protect the database, someone made the \`backend\` network **internal** and ran both \`db\` and \`web\`
on it, \`web\` with \`-p 8080:80\`. The site is down: nothing answers on host port 8080.

Find out why the port isn't published, and fix it so that the LAN reaches the site while the database
stays unreachable from outside and keeps serving \`web\`.`,
  setup: [
    "docker network create --internal backend",
    "docker run -d --name db --network backend postgres",
    "docker run -d --name web --network backend -p 8080:80 nginx",
  ],
  goals: [
    {
      kind: "reaches",
      from: "lan",
      target: "web",
      port: 80,
      title: "The LAN reaches the site",
      hint: "Publishing needs a network with a gateway; internal networks have none.",
    },
    {
      kind: "reaches",
      from: "web",
      target: "db",
      port: 5432,
      title: "web still reaches db:5432",
      hint: "Keep web on backend.",
    },
    {
      kind: "reaches",
      from: "lan",
      target: "db",
      port: 5432,
      not: true,
      title: "The database stays private",
      hint: "Only web needs a second, non-internal network.",
    },
  ],
  solution: ["docker network create frontend", "docker network connect frontend web"],
});

export const faultSplitNetworks = defineExercise({
  id: "fault-split-networks",
  title: "Find the fault: same host, no route",
  summary: "The API can't reach its cache although both run on the same host. Nothing else may break.",
  level: "intermediate",
  tags: ["fault", "networks", "isolation"],
  instructions: `\`api\` times out on \`cache:6379\`. Both containers run on this host, each on its own user-defined
network. A colleague suggests publishing Redis on the host; please don't: the \`public\` network also
hosts \`guest\`, a container that must never see the cache.

Docker drops traffic **between** bridge networks. Find a fix that lets \`api\` reach \`cache\` while
\`guest\` stays isolated from it.`,
  setup: [
    "docker network create public",
    "docker network create internal-cache",
    "docker run -d --name cache --network internal-cache redis",
    "docker run -dit --name api --network public alpine ash",
    "docker run -dit --name guest --network public alpine ash",
  ],
  goals: [
    {
      kind: "reaches",
      from: "api",
      target: "cache",
      port: 6379,
      title: "api reaches cache:6379",
      hint: "A container can be on several networks: connect api to the cache's network.",
    },
    {
      kind: "isolated",
      a: "guest",
      b: "cache",
      title: "guest and cache stay isolated",
      hint: "Don't publish Redis, and don't connect guest or cache to each other's networks.",
    },
  ],
  solution: ["docker network connect internal-cache api"],
});
