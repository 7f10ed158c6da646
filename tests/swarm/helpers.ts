/** A shell on a two-host LAN (host 192.168.1.10, host2 192.168.1.11), with the clock ticking a second per line. */
import { Shell } from "../../lib/shell";

export function twoHosts(): Shell & { ok(line: string): string } {
  let now = 1_700_000_000_000;
  const s = Shell.fresh({ seed: 7, clock: () => (now += 1000) }) as Shell & { ok(line: string): string };
  s.ok = (line: string) => {
    const out = s.run(line);
    if (out.exitCode !== 0) throw new Error(`${line}\n${out.stderr}${out.stdout}`);
    return out.stdout;
  };
  s.ok("lab host add host2 --ip 192.168.1.11");
  return s;
}

/** Both hosts in one swarm: host manages, host2 works. */
export function swarmOfTwo(): Shell & { ok(line: string): string } {
  const s = twoHosts();
  s.ok("docker swarm init");
  s.ok("ssh host2 docker swarm join --token $(docker swarm join-token -q worker) 192.168.1.10:2377");
  return s;
}
