/** Starting points: each is what a learner would type, so the room's history reads like a lesson. */
interface Template {
  id: string;
  title: string;
  description: string;
  lines: string[];
}

export const TEMPLATES: readonly Template[] = [
  { id: "empty", title: "Empty host", description: "One Linux host with a fresh Docker Engine.", lines: [] },
  {
    id: "default-bridge",
    title: "Default bridge",
    description: "Docker's tutorial: two alpine containers on the default bridge reach each other by address, not by name.",
    lines: ["docker run -dit --name alpine1 alpine ash", "docker run -dit --name alpine2 alpine ash"],
  },
  {
    id: "user-bridge",
    title: "User-defined bridge",
    description: "Docker's tutorial: alpine-net with name resolution, one container on both networks, one left out.",
    lines: [
      "docker network create --driver bridge alpine-net",
      "docker run -dit --name alpine1 --network alpine-net alpine ash",
      "docker run -dit --name alpine2 --network alpine-net alpine ash",
      "docker run -dit --name alpine3 alpine ash",
      "docker run -dit --name alpine4 --network alpine-net alpine ash",
      "docker network connect bridge alpine4",
    ],
  },
  {
    id: "web",
    title: "Published web server",
    description: "nginx published on port 8080 of the host, and a client next to it.",
    lines: ["docker run -d --name web -p 8080:80 nginx", "docker run -dit --name client busybox sh"],
  },
];
