/** systemctl restart docker / service docker restart: the engine stops its containers and restores what the policies ask for. */
import { describe, expect, it } from "vitest";
import { Shell } from "../../../lib/shell";

function shell(lines: string[]): Shell {
  let t = Date.UTC(2026, 11, 7, 11, 42);
  const sh = Shell.fresh({ seed: 7, clock: () => (t += 1000) });
  for (const l of lines) {
    const out = sh.run(l);
    expect(out.exitCode, `${l}: ${out.stderr}`).toBe(0);
  }
  return sh;
}
const states = (sh: Shell) => sh.run("docker ps -a --format '{{.Names}} {{.State}}'").stdout.split("\n").filter(Boolean).sort();
const codes = (sh: Shell, names: string) => sh.run(`docker inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}' ${names}`).stdout;

describe("restarting the host's engine", () => {
  const setup = [
    "docker run -d --name ra --restart always busybox sleep 1d",
    "docker run -d --name ru --restart unless-stopped busybox sleep 1d",
    "docker run -d --name rus --restart unless-stopped busybox sleep 1d",
    "docker stop -t 0 rus",
    "docker run -d --name ras2 --restart always busybox sleep 1d",
    "docker stop -t 0 ras2",
    "docker run -d --name rof --restart on-failure busybox sleep 1d",
    "docker run -d --name rof0 --restart on-failure:2 busybox sh -c 'exit 0'",
    "docker run -d --name rweb --restart on-failure nginx",
    "docker run -d --name rno busybox sleep 1d",
    "docker run -d --name rrm --rm busybox sleep 1d",
  ];

  it("prints nothing, and brings back always, unless-stopped (not stopped by hand) and on-failure after a non-zero stop", () => {
    const sh = shell(setup);
    expect(sh.run("systemctl restart docker")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect(codes(sh, "ra ru rus ras2 rof rof0 rweb rno")).toBe(
      [
        "/ra running 0 0",
        "/ru running 0 0",
        "/rus exited 137 0",
        "/ras2 running 0 0",
        "/rof running 0 0",
        "/rof0 exited 0 0",
        "/rweb exited 0 0",
        "/rno exited 137 0",
        "",
      ].join("\n"),
    );
    // --rm containers go with the shutdown.
    expect(states(sh).some((l) => l.startsWith("rrm"))).toBe(false);
  });

  it("is the same through service, on docker.service, and refuses what is not there", () => {
    const sh = shell(setup);
    expect(sh.run("service docker restart")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect(codes(sh, "rno ra")).toBe("/rno exited 137 0\n/ra running 0 0\n");
    expect(sh.run("systemctl restart docker.service").exitCode).toBe(0);
    expect(sh.run("systemctl restart nosuch")).toMatchObject({ stderr: "Failed to restart nosuch.service: Unit nosuch.service not found.\n", exitCode: 5 });
    expect(sh.run("service nosuch restart")).toMatchObject({ stderr: "nosuch: unrecognized service\n", exitCode: 1 });
    expect(sh.run("docker exec ra systemctl restart docker").stdout).toContain('exec: "systemctl": executable file not found in $PATH');
  });
});
