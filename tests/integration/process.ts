import { type ChildProcess, spawn } from "node:child_process";

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
}

/**
 * Runs `server/main.ts` (or another script that prints `LISTENING <port>`) as its own process, without
 * Next, and resolves with the port it listens on.
 */
export function spawnServer(env: Record<string, string>, opts: { script?: string; port?: number } = {}): Promise<ServerProcess> {
  // Node itself with tsx's loader, not the tsx wrapper: SIGKILL must reach the server, and the wrapper
  // cannot pass it on to the process it starts.
  const child = spawn(process.execPath, ["--import", "tsx", opts.script ?? "server/main.ts", "--no-next", "--port", String(opts.port ?? 0)], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((done, fail) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out} ${err}`)), 30_000);
    child.stderr?.on("data", (d) => {
      err += String(d);
    });
    child.stdout?.on("data", (d) => {
      out += String(d);
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const port = Number(m[1]);
        done({ child, port, url: `http://localhost:${port}` });
      }
    });
    child.on("exit", (code) => fail(new Error(`server exited with ${code}: ${err}`)));
  });
}

export function killHard(p: ServerProcess): Promise<void> {
  return new Promise((done) => {
    if (p.child.exitCode !== null) return done();
    p.child.on("exit", () => done());
    p.child.kill("SIGKILL");
  });
}
