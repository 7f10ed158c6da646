import { notFound } from "next/navigation";
import { Room } from "../../room/Room";

export default async function RoomPage({ params }: { params: Promise<{ roomId: string }> }) {
  const { roomId } = await params;
  if (!/^[a-z2-7]{26}$/.test(roomId)) notFound();
  return <Room roomId={roomId} />;
}
