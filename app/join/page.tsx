import type { Metadata } from "next";
import { JoinClass } from "../class/JoinClass";

export const metadata: Metadata = { title: "Join a class · Dockside" };

export default function JoinPage() {
  return <JoinClass />;
}
