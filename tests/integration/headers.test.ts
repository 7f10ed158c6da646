/**
 * Headers and data: DNS rebinding is refused (Host must name this server), pages may not be framed,
 * /metrics needs loopback or a token, and a damaged SQLite file makes /healthz say so.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvField } from "../../server/class-progress";
import { hostAllowed, metricsAllowed } from "../../server/limits";
import type { Running } from "../../server/main";
import { connect, start, tempDir } from "./helpers";

let server: Running;
beforeAll(async () => {
  server = await start({ metricsToken: "s3cret-token" });
});
afterAll(async () => {
  await server.close();
});

/** A GET with the headers given (fetch forbids setting Host). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, headers }, (res) => {
      let body = "";
      res.on("data", (d) => {
        body += String(d);
      });
      res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

describe("headers and data", () => {
  it("refuses a rebound name: Host must be localhost, an address or a configured name", async () => {
    expect((await get("/healthz", { host: "evil.example:3000" })).status).toBe(421);
    expect((await get("/healthz", { host: `localhost:${server.port}` })).status).toBe(200);
    expect((await get("/healthz", { host: `127.0.0.1:${server.port}` })).status).toBe(200);
    const rebound = connect(server.url, {
      extraHeaders: { host: "evil.example", origin: "http://evil.example" },
      reconnection: false,
      transports: ["polling"],
    });
    const err = await new Promise<Error>((r) => rebound.on("connect_error", r));
    expect(String(err.message)).toMatch(/xhr poll error|not allowed|origin/i);
    rebound.disconnect();
    expect(hostAllowed("dockside.school.example", ["dockside.school.example"])).toBe(true);
    expect(hostAllowed("[::1]:3000", [])).toBe(true);
  });

  it("sends a CSP that forbids framing on pages", async () => {
    const page = await get("/", { host: "localhost" });
    expect(String(page.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
    expect(page.headers["x-frame-options"]).toBe("DENY");
  });

  it("serves /metrics to this machine or with the token only", async () => {
    expect((await get("/metrics", { host: "localhost" })).status).toBe(200);
    expect((await get("/metrics", { host: "localhost", "x-forwarded-for": "203.0.113.9" })).status).toBe(403);
    expect((await get("/metrics", { host: "localhost", "x-forwarded-for": "203.0.113.9", authorization: "Bearer s3cret-token" })).status).toBe(200);
    expect(metricsAllowed("203.0.113.9", {}, "s3cret-token")).toBe(false);
    expect(metricsAllowed("203.0.113.9", { authorization: "Bearer wrong-token!" }, "s3cret-token")).toBe(false);
  });

  it("keeps every CSV cell a cell, whatever separator the spreadsheet uses", () => {
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("Ada;=cmd|'/c calc'!A1")).toBe(`"Ada;=cmd|'/c calc'!A1"`);
    expect(csvField("a\t=b")).toBe(`"a\t=b"`);
  });

  it("reports a damaged SQLite file in the log and in /healthz", async () => {
    const dir = tempDir();
    const file = join(dir, "dockside.db");
    const db = new Database(file);
    db.exec("CREATE TABLE t (x TEXT); CREATE INDEX tx ON t (x);");
    const insert = db.prepare("INSERT INTO t VALUES (?)");
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${"y".repeat(100)}`);
    })();
    db.close();
    // Overwrite a page in the middle of the file (not the header), as a torn write would.
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 20);
    closeSync(fd);
    const damaged = await start({ dataDir: dir });
    try {
      const h = await fetch(`${damaged.url}/healthz`);
      expect(h.status).toBe(503);
      expect(await h.json()).toMatchObject({ ok: false, error: expect.stringMatching(/^integrity check failed/) });
    } finally {
      await damaged.close().catch(() => undefined);
    }
  });
});
