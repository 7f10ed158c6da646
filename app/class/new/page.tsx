import type { Metadata } from "next";
import { NewClass } from "../NewClass";

export const metadata: Metadata = { title: "Start a class · Dockside" };

export default function NewClassPage() {
  return <NewClass />;
}
