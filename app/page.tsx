import type { Metadata } from "next";
import { WritePage } from "./components/write/WritePage";

export const metadata: Metadata = {
  title: "Write",
  description: "Write by hand and see it read back as you go, on your own device.",
};

/** `/`: the Write page (ink canvas, live on-device recognition). */
export default function HomePage() {
  return <WritePage />;
}
