export * from "./context";
export { DOCKER_COMPLETIONS, docker } from "./docker";
export { containerChanges } from "./docker/files";
export { shellEngine } from "./docker/run";
export { printable, terminalText } from "./printable";
export * from "./session";
export { splitWords } from "./words";
