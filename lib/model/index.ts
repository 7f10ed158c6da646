export * from "./catalog";
export * from "./ids";
export * from "./invariants";
export * from "./ipv4";
export * from "./migrate";
export * from "./order";
export * from "./schema";
export * from "./world";
