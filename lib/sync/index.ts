export * from "./client";
export * from "./client-types";
export * from "./events";
