/** Exercises across machines: a container inside a VM, VirtualBox's network modes, and a Compose app. */
import { composeUp, parseCompose } from "../../compose";
import { createWorld, type Doc, seededIds } from "../../model";
import { defineExercise } from "../schema";

export const vmNatForward = defineExercise({
  id: "vm-nat-forward",
  title: "Reach a container inside a VM through NAT port forwarding",
  summary: "web runs in Docker inside a NAT VM. Make it answer on the host's port 8080, from the LAN too.",
  level: "advanced",
  tags: ["vm", "virtualbox", "nat", "ports"],
  instructions: `\`vm1\` is a VirtualBox VM with one adapter in **NAT** mode. Inside it, Docker runs \`web\` (nginx)
published with \`-p 8080:80\`, so \`vm1\` itself answers on 8080. But a NAT VM sits behind VirtualBox's
private router: nothing outside the VM reaches it unless a port is **forwarded**.

Make a laptop on the LAN open \`http://host:8080\` and land on \`web\`, without moving \`web\` out of the VM.

Two hops: the host's 8080 → the VM's 8080 (a VirtualBox NAT rule), then the VM's 8080 → the
container's 80 (Docker's published port, already there).`,
  setup: [
    "VBoxManage createvm --name vm1 --ostype Ubuntu_64 --register",
    "VBoxManage startvm vm1 --type headless",
    "ssh vm1 docker run -d --name web -p 8080:80 nginx",
  ],
  goals: [
    {
      kind: "reaches",
      from: "lan",
      target: "host",
      port: 8080,
      title: "The LAN reaches web at host:8080",
      hint: "Forward a host port to the VM: `VBoxManage controlvm vm1 natpf1 NAME,tcp,,8080,,8080`.",
    },
    {
      kind: "reaches",
      from: "host",
      target: "localhost",
      port: 8080,
      title: "The host itself reaches localhost:8080",
      hint: "A NAT rule with an empty host IP listens on every address of the host, localhost included.",
    },
    {
      kind: "sharesKernel",
      a: "web",
      b: "vm1",
      title: "web still runs inside vm1 (on vm1's kernel)",
      hint: "Keep web where it is: the point is to reach it through the VM, not to run it on the host.",
    },
    {
      kind: "sharesKernel",
      a: "web",
      b: "host",
      not: true,
      title: "web does not share the host's kernel",
      hint: "A container runs on the kernel of the machine whose engine started it; vm1 has its own.",
    },
  ],
  solution: ["VBoxManage controlvm vm1 natpf1 web,tcp,,8080,,8080"],
});

export const vboxModes = defineExercise({
  id: "vbox-nat-bridged-hostonly",
  title: "VirtualBox: NAT vs bridged vs host-only",
  summary: "Two NAT VMs. Put one on the LAN (bridged) and make the other reachable from the host only (host-only).",
  level: "advanced",
  tags: ["vm", "virtualbox", "bridged", "host-only"],
  instructions: `VirtualBox gives a VM's adapter one of several modes:

- **NAT**: the VM reaches out through the host; nothing reaches in unless forwarded.
- **Bridged**: the VM sits on the host's LAN as one more machine, with its own LAN address.
- **Host-only**: a private network between the host and its VMs (\`vboxnet0\`, 192.168.56.0/24).

\`vm1\` should be a server the whole LAN reaches on SSH (22). \`vm2\` is a test box that only the host may
reach. Both start with a single NAT adapter. Change adapters while a VM is powered off.`,
  setup: [
    "VBoxManage createvm --name vm1 --ostype Ubuntu_64 --register",
    "VBoxManage createvm --name vm2 --ostype Ubuntu_64 --register",
    "VBoxManage startvm vm1 --type headless",
    "VBoxManage startvm vm2 --type headless",
  ],
  goals: [
    {
      kind: "reaches",
      from: "lan",
      target: "vm1",
      port: 22,
      title: "The LAN reaches vm1's SSH directly",
      hint: "Bridge vm1's adapter to the host's NIC: `VBoxManage modifyvm vm1 --nic1 bridged --bridgeadapter1 eth0` (power it off first).",
    },
    {
      kind: "reaches",
      from: "host",
      target: "192.168.56.101",
      port: 22,
      title: "The host reaches vm2 on the host-only network (192.168.56.101)",
      hint: "`VBoxManage hostonlyif create`, then give vm2 a second adapter: `--nic2 hostonly --host-only-adapter2 vboxnet0`.",
    },
    {
      kind: "reaches",
      from: "lan",
      target: "vm2",
      port: 22,
      not: true,
      title: "The LAN can't reach vm2",
      hint: "Host-only and NAT adapters never put a VM on the LAN; don't bridge vm2.",
    },
    {
      kind: "ownKernel",
      of: "vm1",
      title: "vm1 runs its own kernel",
      hint: "A VM boots its own kernel whatever its network mode.",
    },
  ],
  solution: [
    "VBoxManage controlvm vm1 poweroff",
    "VBoxManage modifyvm vm1 --nic1 bridged --bridgeadapter1 eth0",
    "VBoxManage startvm vm1 --type headless",
    "VBoxManage hostonlyif create",
    "VBoxManage controlvm vm2 poweroff",
    "VBoxManage modifyvm vm2 --nic2 hostonly --host-only-adapter2 vboxnet0",
    "VBoxManage startvm vm2 --type headless",
  ],
});

/** The shop's compose file, as the team committed it. */
const SHOP_COMPOSE = `services:
  web:
    image: nginx
    ports: ["8080:80"]
    networks: [front]
  api:
    image: httpd
    networks: [front]
  db:
    image: postgres
    ports: ["5432:5432"]
    networks: [back]
networks:
  front: {}
  back: {}
`;

/** `docker compose up -d` of the shop on a fresh world: the same document every time. */
function shopStart(): Doc {
  const at = Date.UTC(2025, 0, 6, 9, 0, 0);
  const parsed = parseCompose(SHOP_COMPOSE, { dirName: "shop" });
  if (!parsed.ok) throw new Error(`shop compose file: ${parsed.error}`);
  const up = composeUp(createWorld(seededIds(11), at), "m-host", parsed.project, { ids: seededIds(12), at });
  if (!up.ok) throw new Error(`shop compose up: ${up.error}`);
  return up.doc;
}

export const composeShop = defineExercise({
  id: "compose-shop",
  title: "A Compose app: wire the API to its database, keep the database private",
  summary: "A three-service Compose app is up. The API can't reach the database, and the database is open to the LAN.",
  level: "intermediate",
  tags: ["compose", "dns", "ports", "security"],
  instructions: `The shop was started with \`docker compose up -d\` from this file:

\`\`\`yaml
${SHOP_COMPOSE}\`\`\`

Compose made the networks \`shop_front\` and \`shop_back\` and the containers \`shop-web-1\`,
\`shop-api-1\` and \`shop-db-1\`; each service's name is an alias on its networks. Two bugs:

1. \`api\` and \`db\` share no network, so \`api\` can't resolve \`db\`.
2. \`db\` publishes 5432 on every address of the host: the LAN can reach the database.

Fix both. The web front must stay reachable on 8080.`,
  start: shopStart(),
  goals: [
    {
      kind: "reaches",
      from: "shop-api-1",
      target: "db",
      port: 5432,
      title: "api reaches db:5432 by its service name",
      hint: "Put api on the database's network: `docker network connect shop_back shop-api-1`.",
    },
    {
      kind: "reaches",
      from: "lan",
      target: "shop-db-1",
      port: 5432,
      not: true,
      title: "The LAN can't reach the database",
      hint: "Published ports are fixed at creation: recreate db without `-p`, on shop_back, with the alias db.",
    },
    {
      kind: "reaches",
      from: "lan",
      target: "host",
      port: 8080,
      title: "The LAN still reaches the web front at host:8080",
      hint: "Leave web and its published port alone.",
    },
    {
      kind: "published",
      container: "shop-db-1",
      not: true,
      title: "db publishes no port",
      hint: "Only clients outside Docker need a published port; api reaches db over shop_back.",
    },
  ],
  solution: [
    "docker network connect shop_back shop-api-1",
    "docker rm -f shop-db-1",
    "docker run -d --name shop-db-1 --network shop_back --network-alias db postgres",
  ],
});
