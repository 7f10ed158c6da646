import { chunksOf, type Output } from "./context";

/**
 * Text made safe for a terminal: control characters (escape sequences, bells, carriage returns that
 * overwrite a line) are shown the way `cat -v` shows them instead of being executed, so a container or
 * network name someone else chose cannot move another member's cursor, retitle the window or hide text.
 * Newlines and tabs stay.
 * @example printable("web\x1b]0;pwned\x07") // "web^[]0;pwned^G"
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x7f) return "^?";
    if (code < 0x20) return `^${String.fromCharCode(code + 64)}`;
    return `M-^${String.fromCharCode(code - 128 + 64)}`;
  });
}

/**
 * What a terminal shows of a command line's output: both streams in the order they were written,
 * control characters made visible, lines ended as xterm wants them (`\r\n`).
 * @example terminalText(shell.run("docker run hello-world")) // "Unable to find image ...\r\n...Hello from Docker!\r\n..."
 */
export function terminalText(out: Pick<Output, "stdout" | "stderr" | "chunks">): string {
  const text = chunksOf(out)
    .map((c) => c.text)
    .join("");
  return printable(text.replace(/\r\n/g, "\n")).replace(/\n/g, "\r\n");
}
