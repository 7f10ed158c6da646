/** Exercises about a container's files: the writable layer, volumes that keep data, and installed tools. */
import { defineExercise } from "../schema";

export const keepDatabaseData = defineExercise({
  id: "keep-db-data",
  title: "Keep the database's data across docker rm",
  summary: "A container wrote its orders into its own writable layer; removing it would lose them. Move the data into a volume.",
  level: "beginner",
  tags: ["files", "volumes"],
  instructions: `The container \`db\` keeps its orders in \`/var/lib/data/orders\`, inside its **writable layer**: the
files a container writes live with the container and vanish with \`docker rm\`.

A **named volume** lives outside every container: data written through it stays when the container goes.

1. Create a volume \`dbdata\` and start a container \`db2\` (alpine) with \`-v dbdata:/var/lib/data\`.
2. Copy the orders into it (\`docker cp\`, or \`cat\` through a pipe), then \`docker rm -f db\`.
3. Remove \`db2\` too, and check that the data is still in the volume: \`docker run --rm -v dbdata:/d alpine cat /d/orders\`.`,
  setup: ["docker run -dit --name db alpine", "docker exec db sh -c 'mkdir -p /var/lib/data && echo order-42 > /var/lib/data/orders'"],
  goals: [
    {
      kind: "file",
      in: "volume:dbdata",
      path: "/orders",
      contains: "order-42",
      title: "The volume dbdata holds the orders",
      hint: "Write /var/lib/data/orders in a container that mounts dbdata at /var/lib/data.",
    },
    {
      kind: "count",
      of: "containers",
      op: "==",
      n: 0,
      title: "No container is left (the data outlives them)",
      hint: "`docker rm -f db db2`: the volume stays.",
    },
  ],
  solution: [
    "docker volume create dbdata",
    "docker run -dit --name db2 -v dbdata:/var/lib/data alpine",
    "docker cp db:/var/lib/data/orders orders",
    "docker cp orders db2:/var/lib/data/orders",
    "docker rm -f db db2",
  ],
});

export const findWhatChanged = defineExercise({
  id: "find-what-changed",
  title: "Find what a container changed",
  summary: "Something in the container app changed its files. Find the file it added with docker diff, and remove it.",
  level: "beginner",
  tags: ["files", "diff"],
  instructions: `Every container starts from its image's files; what it writes, changes or deletes goes into its own
**writable layer**. \`docker diff app\` lists that layer: \`A\` added, \`C\` changed, \`D\` deleted.

1. Find the file \`app\` **added** under /etc.
2. Write its path into \`/tmp/answer\` inside app (\`docker exec app sh -c 'echo /etc/... > /tmp/answer'\`).
3. Remove the added file, and see \`docker diff\` no longer list it.`,
  setup: ["docker run -dit --name app alpine", "docker exec app sh -c 'echo token=s3cr3t > /etc/app.secret; rm /etc/group; echo tmp > /tmp/cache'"],
  goals: [
    {
      kind: "file",
      in: "app",
      path: "/tmp/answer",
      contains: "/etc/app.secret",
      title: "/tmp/answer names the added file",
      hint: "`docker diff app` prints `A /etc/app.secret`.",
    },
    {
      kind: "file",
      in: "app",
      path: "/etc/app.secret",
      not: true,
      title: "The added file is gone",
      hint: "`docker exec app rm /etc/app.secret`",
    },
    { kind: "running", container: "app", title: "app keeps running", hint: "`docker start app`" },
  ],
  solution: ["docker exec app sh -c 'echo /etc/app.secret > /tmp/answer'", "docker exec app rm /etc/app.secret"],
});

export const installAndLose = defineExercise({
  id: "install-and-lose",
  title: "Install a tool and lose it with the container",
  summary: "Install curl in one alpine container with apk, and see that a new container of the same image doesn't have it.",
  level: "beginner",
  tags: ["files", "packages", "images"],
  instructions: `alpine has no \`curl\`: \`docker exec tools curl example.com\` fails. \`apk add curl\` downloads it from
alpine's mirror (through the host's internet) and installs it **into the container's writable layer**,
not into the image.

1. Install curl in \`tools\` and fetch http://example.com with it.
2. Start another container \`fresh\` from the same alpine image: it has no curl, because every
   container starts from the image's files. (To keep a tool, build an image that installs it.)`,
  setup: ["docker run -dit --name tools alpine"],
  goals: [
    { kind: "file", in: "tools", path: "/usr/bin/curl", title: "curl is installed in tools", hint: "`docker exec tools apk add curl`" },
    { kind: "running", container: "fresh", title: "fresh runs", hint: "`docker run -dit --name fresh alpine`" },
    {
      kind: "file",
      in: "fresh",
      path: "/usr/bin/curl",
      not: true,
      title: "fresh has no curl",
      hint: "fresh must be a new container of the alpine image, without installing anything in it.",
    },
  ],
  solution: ["docker exec tools apk add curl", "docker run -dit --name fresh alpine"],
});
