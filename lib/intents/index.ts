export * from "./add-host";
export * from "./add-lan";
export * from "./add-vm";
export * from "./intent";
export * from "./names";
export * from "./network";
export * from "./run-container";
