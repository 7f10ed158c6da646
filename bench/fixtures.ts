/** Generated documents of a given size, for benchmarks and scale tests. */
import { type Container, createWorld, type Doc, formatIp, type Network, parseIp, seededIds } from "../lib/model";

/**
 * One host with `containers` running containers spread over `networks` user-defined bridges
 * (10.N.0.0/16), each container on one or two networks, every fifth publishing a port.
 */
export function generateDoc(containers: number, networks: number, seed = 1): Doc {
  const ids = seededIds(seed);
  const doc = createWorld(ids, 0);
  const host = "m-host";
  const nets: Network[] = [];
  for (let i = 0; i < networks; i++) {
    const id = ids.hex64();
    const net: Network = {
      id,
      machineId: host,
      name: `net${i}`,
      driver: "bridge",
      scope: "local",
      subnet: `10.${i % 250}.0.0/16`,
      gateway: `10.${i % 250}.0.1`,
      gatewayAuto: true,
      ipRange: null,
      subnetAuto: false,
      internal: false,
      attachable: false,
      options: {},
      labels: {},
      builtin: false,
      createdAt: 0,
      order: ++doc.clock,
    };
    nets.push(net);
    doc.networks[id] = net;
  }
  const nextIp = nets.map((n) => (parseIp(n.gateway as string) as number) + 1);
  const images = ["nginx", "redis", "alpine", "postgres", "httpd"];
  for (let i = 0; i < containers; i++) {
    const id = ids.hex64();
    const a = i % networks;
    const b = (i * 7 + 3) % networks;
    const endpoints = [a, ...(i % 3 === 0 && b !== a ? [b] : [])].map((n) => {
      const ip = formatIp(nextIp[n] as number);
      nextIp[n] = (nextIp[n] as number) + 1;
      return { networkId: (nets[n] as Network).id, aliases: i % 10 === 0 ? [`svc${i % 50}`] : [], ipv4Address: null, ip };
    });
    const c: Container = {
      id,
      machineId: host,
      name: `c${i}`,
      image: images[i % images.length] as string,
      command: [],
      interactive: true,
      tty: true,
      state: "running",
      exitCode: 0,
      hostname: null,
      networkMode: (nets[a] as Network).name,
      endpoints,
      ports: i % 5 === 0 ? [{ hostIp: "", hostPort: String(20000 + i), containerPort: 80, proto: "tcp", assigned: null }] : [],
      publishAll: false,
      expose: [],
      links: [],
      listens: null,
      autoRemove: false,
      createdAt: i,
      startedAt: i,
      finishedAt: 0,
      order: ++doc.clock,
    };
    doc.containers[id] = c;
  }
  return doc;
}
