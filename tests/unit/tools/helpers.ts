import type { Output } from "../../../lib/shell/context";
import { splitWords } from "../../../lib/shell/words";

/** Round-trip times are random in reality; the recordings are compared with them masked. */
export function maskTimes(o: Output): Output {
  const mask = (s: string) => s.replace(/time=\d+\.\d{3} ms/g, "time=T ms").replace(/min\/avg\/max = [\d./]+ ms/g, "min/avg/max = RTT ms");
  return { stdout: mask(o.stdout), stderr: mask(o.stderr), exitCode: o.exitCode };
}

export const words = splitWords;
