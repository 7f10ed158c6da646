import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The app's own `@/` imports (tsconfig paths), so page logic can be tested without a browser.
  resolve: { alias: [{ find: /^@\//, replacement: `${fileURLToPath(new URL(".", import.meta.url))}` }] },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
