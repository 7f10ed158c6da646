#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so a checkout needs no build step.
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

register();
const here = dirname(fileURLToPath(import.meta.url));
const { main } = await import(pathToFileURL(join(here, "..", "cli", "main.ts")).href);
process.exitCode = await main(process.argv.slice(2));
