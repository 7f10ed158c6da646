import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../server/main";

/** One real server for the whole run, with its rooms in a throwaway SQLite directory. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), "dockside-e2e-"));
  const running = await startServer({ port: 0, dev: process.env.E2E_DEV === "1", dataDir, logLevel: "warn" });
  process.env.E2E_BASE_URL = running.url;
  return async () => {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
