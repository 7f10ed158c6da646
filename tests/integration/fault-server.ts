/**
 * A room server for fault-injection tests: like `server/main.ts --no-next`, with every durable write
 * held back COMMIT_DELAY_MS before its commit, so a test can kill it between broadcast and disk.
 * Usage: tsx tests/integration/fault-server.ts --port <n>   (DATA_DIR, COMMIT_DELAY_MS from the environment)
 */
import { startServer } from "../../server/main";

const i = process.argv.indexOf("--port");
const running = await startServer({
  port: i >= 0 ? Number(process.argv[i + 1]) : 0,
  next: false,
  dataDir: process.env.DATA_DIR,
  logLevel: process.env.LOG_LEVEL ?? "warn",
  faults: { commitDelayMs: Number(process.env.COMMIT_DELAY_MS ?? 0) },
});
process.stdout.write(`LISTENING ${running.port}\n`);
