/**
 * PostgreSQL and Redis come from the environment (TEST_DATABASE_URL, TEST_REDIS_URL). Off CI a missing
 * one skips its tests; in CI (CI=true) a missing one fails them, so they can never be skipped there.
 */
export const PG_URL = process.env.TEST_DATABASE_URL || "";
export const REDIS_URL = process.env.TEST_REDIS_URL || "";
const CI = process.env.CI === "true";

export function requireService(name: string, url: string): boolean {
  if (url) return true;
  if (CI) throw new Error(`${name} is required in CI: set ${name === "PostgreSQL" ? "TEST_DATABASE_URL" : "TEST_REDIS_URL"}`);
  return false;
}

export const havePg = requireService("PostgreSQL", PG_URL);
export const haveRedis = requireService("Redis", REDIS_URL);
