export * from "./client";
export * from "./events";
