import { notFound } from "next/navigation";
import { Dashboard } from "../Dashboard";

export default async function ClassPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[a-z2-7]{26}$/.test(id)) notFound();
  return <Dashboard classId={id} />;
}
