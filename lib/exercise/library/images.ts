/** Exercises about images: building one that serves a page, a cache-friendly Dockerfile, a small image, sharing one through a registry. */
import { defineExercise } from "../schema";

export const buildYourPage = defineExercise({
  id: "build-your-page",
  title: "Build an image that serves your page",
  summary: "Write a Dockerfile on top of nginx that copies your own index.html, build it as mypage and run it on port 8080.",
  level: "beginner",
  tags: ["images", "build"],
  instructions: `An image is a stack of read-only layers; \`docker build\` adds one layer per COPY/ADD/RUN on top of a base.

1. Write a page: \`printf '<h1>My page</h1>\\n' > index.html\`.
2. Write a Dockerfile with two lines: \`FROM nginx\` and \`COPY index.html /usr/share/nginx/html/index.html\`
   (\`printf 'FROM nginx\\nCOPY index.html /usr/share/nginx/html/index.html\\n' > Dockerfile\`).
3. \`docker build -t mypage .\`, then \`docker history mypage\`: your COPY is the top layer, nginx's are below.
4. Run it as \`web\` on port 8080 and \`curl localhost:8080\`: your page, not nginx's.`,
  setup: [],
  goals: [
    {
      kind: "image",
      ref: "mypage",
      from: "nginx",
      step: "COPY",
      title: "The image mypage is built from nginx with a COPY of your page",
      hint: "A Dockerfile `FROM nginx` with a COPY, built with `docker build -t mypage .`",
    },
    { kind: "running", container: "web", title: "web runs", hint: "`docker run -d --name web -p 8080:80 mypage`" },
    { kind: "published", container: "web", hostPort: 8080, title: "web is published on 8080", hint: "`-p 8080:80`" },
  ],
  solution: [
    "printf '<h1>My page</h1>\\n' > index.html",
    "printf 'FROM nginx\\nCOPY index.html /usr/share/nginx/html/index.html\\n' > Dockerfile",
    "docker build -t mypage .",
    "docker run -d --name web -p 8080:80 mypage",
  ],
});

export const fastRebuild = defineExercise({
  id: "fast-rebuild",
  title: "Make a rebuild fast with the cache",
  summary: "Order a Node app's Dockerfile so that changing the code does not run npm install again.",
  level: "intermediate",
  tags: ["images", "build", "cache"],
  instructions: `The builder reuses a step's image (\`---> Using cache\`) while the step and everything it copies are
unchanged; from the first changed step on, everything runs again.

A Dockerfile that does \`COPY . .\` before \`RUN npm install\` reinstalls every package after any code change.
Copy \`package.json\` first, install, and only then copy the rest:

1. Write \`package.json\` (\`printf '{}\\n' > package.json\`) and \`server.js\`.
2. Write a Dockerfile \`FROM node\`, \`WORKDIR /app\`, \`COPY package.json .\`, \`RUN npm install\`, \`COPY . .\`,
   \`CMD ["node", "server.js"]\` and build it as \`app\`.
3. Change \`server.js\` and build again: the install step says \`Using cache\`.`,
  setup: [],
  goals: [
    {
      kind: "image",
      ref: "app",
      from: "node",
      before: ["COPY file:", "npm install"],
      title: "app copies package.json before it runs npm install",
      hint: "`COPY package.json .` comes before `RUN npm install`.",
    },
    {
      kind: "image",
      ref: "app",
      before: ["npm install", "COPY dir:"],
      title: "app copies the rest of the code after the install",
      hint: "`COPY . .` comes after `RUN npm install`.",
    },
  ],
  solution: [
    "printf '{}\\n' > package.json",
    "printf 'console.log(1)\\n' > server.js",
    'printf \'FROM node\\nWORKDIR /app\\nCOPY package.json .\\nRUN npm install\\nCOPY . .\\nCMD ["node", "server.js"]\\n\' > Dockerfile',
    "docker build -t app .",
  ],
});

export const shrinkImage = defineExercise({
  id: "shrink-image",
  title: "Shrink an image with a multi-stage build",
  summary: "Build in a node stage, then copy only the result into a small alpine image of at most two layers.",
  level: "intermediate",
  tags: ["images", "build", "multi-stage"],
  instructions: `Every RUN, COPY and ADD is a layer, and a layer's files stay in the image even if a later step deletes
them. A **multi-stage** build compiles in one stage (\`FROM node AS build\`) and starts the final image afresh
(\`FROM alpine\`), copying only what it needs with \`COPY --from=build\`.

1. Write \`app.js\`, and a Dockerfile: \`FROM node AS build\`, \`WORKDIR /app\`, \`COPY . .\`, \`RUN npm install\`,
   then \`FROM alpine\` and \`COPY --from=build /app/app.js /srv/app.js\`.
2. \`docker build -t small .\` and compare \`docker images\`: small is alpine's size plus your file.`,
  setup: [],
  goals: [
    {
      kind: "image",
      ref: "small",
      from: "alpine",
      step: "COPY",
      maxLayers: 2,
      title: "small is alpine plus one copied layer",
      hint: "The final stage is `FROM alpine` with a single `COPY --from=build`.",
    },
  ],
  solution: [
    "printf 'console.log(1)\\n' > app.js",
    "printf 'FROM node AS build\\nWORKDIR /app\\nCOPY . .\\nRUN npm install\\nFROM alpine\\nCOPY --from=build /app/app.js /srv/app.js\\n' > Dockerfile",
    "docker build -t small .",
  ],
});

export const shareThroughRegistry = defineExercise({
  id: "share-through-registry",
  title: "Share an image through your own registry",
  summary: "Build mypage on host, push it to a registry:2 you run there, then pull it on host2 and serve it on port 8080.",
  level: "intermediate",
  tags: ["images", "registry", "multi-host"],
  instructions: `\`host\` (192.168.1.10) and \`host2\` (192.168.1.11) each have their own Docker Engine and their own images:
an image built on one is not on the other. A **registry** stores images by repository and tag; \`docker push\`
uploads the layers it lacks, \`docker pull\` downloads them.

1. On host, build \`mypage\` from nginx with your own index.html (see "Build an image that serves your page").
2. Run a registry: \`docker run -d -p 5000:5000 --name registry registry:2\`.
3. The first part of a tag names the registry: \`docker tag mypage 192.168.1.10:5000/mypage\`, then
   \`docker push 192.168.1.10:5000/mypage\`. The daemon speaks HTTPS to every registry but the loopback's:
   read its answer, push to \`localhost:5000/mypage\` instead, or list the registry in \`insecure-registries\`.
4. On host2 (\`ssh host2 ...\`), pull \`192.168.1.10:5000/mypage\`: host2's daemon needs the registry in
   \`/etc/docker/daemon.json\` (\`{"insecure-registries": ["192.168.1.10:5000"]}\`) and a
   \`systemctl reload docker\`; \`docker info\` lists it under Insecure Registries.
5. Run it on host2 as \`web\` on port 8080: \`curl 192.168.1.11:8080\` from host shows your page.`,
  setup: ["lab host add host2 --ip 192.168.1.11"],
  goals: [
    {
      kind: "image",
      ref: "mypage",
      from: "nginx",
      step: "COPY",
      title: "host has mypage, built from nginx with a COPY of your page",
      hint: "`FROM nginx` and `COPY index.html /usr/share/nginx/html/index.html`, built with `docker build -t mypage .`",
    },
    { kind: "running", container: "registry", title: "A registry runs on host", hint: "`docker run -d -p 5000:5000 --name registry registry:2`" },
    { kind: "published", container: "registry", hostPort: 5000, title: "The registry is published on port 5000", hint: "`-p 5000:5000`" },
    {
      kind: "image",
      machine: "host2",
      ref: "192.168.1.10:5000/mypage",
      from: "nginx",
      step: "COPY",
      pulled: true,
      title: "host2 pulled mypage from the registry on host",
      hint: "Push from host first; then `ssh host2 docker pull 192.168.1.10:5000/mypage` once host2's daemon lists the registry as insecure.",
    },
    {
      kind: "reaches",
      from: "host",
      target: "192.168.1.11",
      port: 8080,
      title: "host reaches web on host2:8080",
      hint: "`ssh host2 docker run -d --name web -p 8080:80 192.168.1.10:5000/mypage`",
    },
  ],
  solution: [
    "printf '<h1>Shipped through a registry</h1>\\n' > index.html",
    "printf 'FROM nginx\\nCOPY index.html /usr/share/nginx/html/index.html\\n' > Dockerfile",
    "docker build -t mypage .",
    "docker run -d -p 5000:5000 --name registry registry:2",
    "docker tag mypage localhost:5000/mypage",
    "docker push localhost:5000/mypage",
    `ssh host2 "echo '{\\"insecure-registries\\": [\\"192.168.1.10:5000\\"]}' > /etc/docker/daemon.json"`,
    "ssh host2 systemctl reload docker",
    "ssh host2 docker run -d --name web -p 8080:80 192.168.1.10:5000/mypage",
  ],
});
