/** Exercises about names: which DNS a container gets, aliases shared by several, and legacy links. */
import { defineExercise } from "../schema";

export const defaultVsUserBridge = defineExercise({
  id: "default-vs-user-bridge",
  title: "Names on the default bridge vs a user-defined bridge",
  summary: "Two containers on the default bridge can't find each other by name. Give them a network where they can.",
  level: "beginner",
  tags: ["dns", "bridge"],
  instructions: `Two Alpine containers, \`alpine1\` and \`alpine2\`, run on Docker's **default bridge** network.
Try \`docker exec alpine1 ping -c 1 alpine2\`: the name does not resolve.

The default bridge has no embedded DNS; containers there only know each other's addresses.
A **user-defined** bridge network runs Docker's DNS server (127.0.0.11), which answers with the
names (and aliases) of the containers on that network.

Make \`alpine1\` and \`alpine2\` reach each other **by name**, without removing them.`,
  setup: ["docker run -dit --name alpine1 alpine ash", "docker run -dit --name alpine2 alpine ash"],
  goals: [
    {
      kind: "resolves",
      from: "alpine1",
      name: "alpine2",
      to: ["alpine2"],
      title: "alpine1 resolves alpine2",
      hint: "Create a network with `docker network create` and connect both containers to it.",
    },
    {
      kind: "resolves",
      from: "alpine2",
      name: "alpine1",
      to: ["alpine1"],
      title: "alpine2 resolves alpine1",
      hint: "Names are answered per network: both containers need to be on the same user-defined one.",
    },
    {
      kind: "reaches",
      from: "alpine1",
      target: "alpine2",
      port: null,
      title: "alpine1 can ping alpine2 by name",
      hint: "`docker network connect NETWORK CONTAINER` attaches a running container.",
    },
  ],
  solution: ["docker network create alpine-net", "docker network connect alpine-net alpine1", "docker network connect alpine-net alpine2"],
});

export const roundRobinAlias = defineExercise({
  id: "round-robin-alias",
  title: "One name, two containers: shared aliases",
  summary: "Put two search nodes behind one DNS name so that clients spread their requests.",
  level: "intermediate",
  tags: ["dns", "alias"],
  instructions: `\`search1\` and \`search2\` serve the same index on \`search-net\`. The \`client\` container should
not care which one answers: it should ask for the name **search**.

On a user-defined network, a network-scoped **alias** (\`--network-alias\` on \`docker run\`, or
\`--alias\` on \`docker network connect\`) adds a DNS name to a container. When several containers share
an alias, Docker's DNS returns all their addresses and clients rotate over them.

Give both search nodes the alias \`search\` on \`search-net\`.`,
  setup: [
    "docker network create search-net",
    "docker run -d --name search1 --network search-net nginx",
    "docker run -d --name search2 --network search-net nginx",
    "docker run -dit --name client --network search-net alpine ash",
  ],
  goals: [
    {
      kind: "resolves",
      from: "client",
      name: "search",
      to: ["search1", "search2"],
      title: "search resolves to both nodes",
      hint: "Disconnect a node from search-net and connect it again with `--alias search`.",
    },
    {
      kind: "reaches",
      from: "client",
      target: "search",
      port: 80,
      title: "client reaches search on port 80",
      hint: "The alias only exists on the network where it was given.",
    },
    {
      kind: "running",
      container: "search1",
      title: "search1 keeps running",
      hint: "You can change a container's aliases without stopping it.",
    },
  ],
  solution: [
    "docker network disconnect search-net search1",
    "docker network connect --alias search search-net search1",
    "docker network disconnect search-net search2",
    "docker network connect --alias search search-net search2",
  ],
});

export const legacyLinks = defineExercise({
  id: "legacy-links",
  title: "Legacy links on the default bridge",
  summary: "Before user-defined networks, `--link` wrote a name into /etc/hosts. Use it to reach a cache as `cache`.",
  level: "intermediate",
  tags: ["dns", "links", "legacy"],
  instructions: `An old application expects its Redis server under the name **cache**. Both \`db\` (Redis) and
\`app\` run on the default bridge, which has no DNS.

\`docker run --link NAME:ALIAS\` is the legacy way: Docker writes the linked container's address into
the new container's \`/etc/hosts\` under the alias, the container's name and its hostname. A link is
set when a container is created, so \`app\` has to be created again.

Make \`app\` resolve \`cache\` to \`db\`'s address and reach Redis on port 6379.`,
  setup: ["docker run -d --name db redis", "docker run -dit --name app alpine ash"],
  goals: [
    {
      kind: "resolves",
      from: "app",
      name: "cache",
      to: ["db"],
      title: "app resolves cache to db",
      hint: "Remove app and run it again with `--link db:cache`.",
    },
    {
      kind: "reaches",
      from: "app",
      target: "cache",
      port: 6379,
      title: "app reaches Redis as cache:6379",
      hint: "The link only works while db runs.",
    },
    {
      kind: "count",
      of: "networks",
      where: { builtin: false },
      op: "==",
      n: 0,
      title: "No user-defined network (do it the legacy way)",
      hint: "This exercise is about links: leave the default bridge as the only network.",
    },
  ],
  solution: ["docker rm -f app", "docker run -dit --name app --link db:cache alpine ash"],
});
