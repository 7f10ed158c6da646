export * from "./context";
export { DOCKER_COMPLETIONS, docker } from "./docker";
export { type Change, containerChanges } from "./docker/files";
export { parsePublish, shellEngine } from "./docker/run";
export { printable } from "./printable";
export * from "./session";
export { splitWords } from "./words";
