/**
 * POSIX-like shell word splitting for one scenario line (no expansion, no operators):
 * - whitespace separates words;
 * - '...' is literal;
 * - "..." keeps everything, backslash escapes only $ ` " \ and newline;
 * - a backslash outside quotes escapes the next character.
 * Throws on an unterminated quote.
 */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (inWord) {
        words.push(cur);
        cur = "";
        inWord = false;
      }
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote in: ${line}`);
      cur += line.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < line.length) {
        const d = line[i] as string;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === "\\" && i + 1 < line.length) {
          const e = line[i + 1] as string;
          if (e === "$" || e === "`" || e === '"' || e === "\\" || e === "\n") {
            if (e !== "\n") cur += e;
            i += 2;
            continue;
          }
        }
        cur += d;
        i++;
      }
      if (!closed) throw new Error(`unterminated double quote in: ${line}`);
      continue;
    }
    if (c === "\\") {
      if (i + 1 < line.length) {
        const e = line[i + 1] as string;
        if (e !== "\n") cur += e;
        i += 2;
      } else {
        i++;
      }
      continue;
    }
    cur += c;
    i++;
  }
  if (inWord) words.push(cur);
  return words;
}
