/** Exercises about publishing: making a server reachable from the LAN, conflicts, and loopback-only ports. */
import { defineExercise } from "../schema";

export const publish8080 = defineExercise({
  id: "publish-8080",
  title: "Publish a web server on 8080",
  summary: "An nginx container runs, but nobody on the LAN can open it. Publish it on port 8080 of the host.",
  level: "beginner",
  tags: ["ports", "publish"],
  instructions: `The container \`web\` runs nginx, which listens on port **80** inside the container. Its address
(172.17.0.x) lives on a bridge inside the host: another machine on the LAN cannot reach it.

\`-p HOSTPORT:CONTAINERPORT\` on \`docker run\` **publishes** a port: the host forwards connections on its
own port to the container's. Ports are set when a container is created.

Make nginx answer on **http://192.168.1.10:8080** from the LAN.`,
  setup: ["docker run -d --name web nginx"],
  goals: [
    {
      kind: "running",
      container: "web",
      title: "web is running",
      hint: "Start it again if you stopped it: `docker start web`.",
    },
    {
      kind: "published",
      container: "web",
      hostPort: 8080,
      containerPort: 80,
      title: "Host port 8080 leads to web's port 80",
      hint: "Remove the container and run it again with `-p 8080:80`.",
    },
    {
      kind: "reaches",
      from: "lan",
      target: "host",
      port: 8080,
      title: "The LAN opens host:8080",
      hint: "The host forwards only ports that are published on an address the LAN can reach.",
    },
  ],
  solution: ["docker rm -f web", "docker run -d --name web -p 8080:80 nginx"],
});

export const portConflict = defineExercise({
  id: "port-conflict",
  title: "Port conflicts",
  summary: "Two web servers want host port 8080; only one can have it. Get both online.",
  level: "beginner",
  tags: ["ports", "errors"],
  instructions: `\`blue\` (nginx) already publishes host port 8080. Starting \`green\` (httpd) with the same
\`-p 8080:80\` failed with *Bind for 0.0.0.0:8080 failed: port is already allocated*: a host port can be
bound once. \`green\` was created but never started.

Keep \`blue\` on 8080 and publish \`green\` on **8081**. (Inside their containers both keep using port 80:
containers each have their own ports, only the host's are shared.)`,
  setup: ["docker run -d --name blue -p 8080:80 nginx", "! docker run -d --name green -p 8080:80 httpd"],
  goals: [
    {
      kind: "running",
      container: "green",
      title: "green is running",
      hint: "A container's published ports can't be changed: remove green and create it again.",
    },
    {
      kind: "published",
      container: "blue",
      hostPort: 8080,
      containerPort: 80,
      title: "blue keeps host port 8080",
      hint: "Leave blue as it is.",
    },
    {
      kind: "published",
      container: "green",
      hostPort: 8081,
      containerPort: 80,
      title: "green is published on host port 8081",
      hint: "`-p 8081:80`: the host port comes first.",
    },
    {
      kind: "reaches",
      from: "lan",
      target: "green",
      port: 80,
      title: "The LAN reaches green",
      hint: "Once green runs with its own host port, the LAN gets to it through that port.",
    },
  ],
  solution: ["docker rm green", "docker run -d --name green -p 8081:80 httpd"],
});

export const localhostOnly = defineExercise({
  id: "localhost-only",
  title: "Publish on 127.0.0.1 only",
  summary: "An admin panel must be usable from the host itself but invisible to the LAN.",
  level: "beginner",
  tags: ["ports", "security"],
  instructions: `\`admin\` is an nginx-served admin panel published with \`-p 9000:80\`. Without an address,
Docker binds the port on **every** address of the host (0.0.0.0), so anyone on the LAN can open it.

\`-p 127.0.0.1:9000:80\` binds the port on the loopback address only: the host (and an SSH tunnel)
can use it, other machines can't.

Keep the panel on host port 9000, reachable from the host, and hide it from the LAN.`,
  setup: ["docker run -d --name admin -p 9000:80 nginx"],
  goals: [
    {
      kind: "published",
      container: "admin",
      hostIp: "127.0.0.1",
      hostPort: 9000,
      containerPort: 80,
      title: "admin is published on 127.0.0.1:9000",
      hint: "Put the address in front of the ports: `-p 127.0.0.1:9000:80`.",
    },
    {
      kind: "reaches",
      from: "host",
      target: "localhost",
      port: 9000,
      title: "The host opens localhost:9000",
      hint: "Publishing on loopback still lets the host itself in.",
    },
    {
      kind: "reaches",
      from: "lan",
      target: "host",
      port: 9000,
      not: true,
      title: "The LAN can't open host:9000",
      hint: "A port published on 0.0.0.0 is open to every network the host is on.",
    },
  ],
  solution: ["docker rm -f admin", "docker run -d --name admin -p 127.0.0.1:9000:80 nginx"],
});
