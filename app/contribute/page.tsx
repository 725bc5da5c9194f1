import type { Metadata } from "next";
import { ContributePage } from "../components/contribute/ContributePage";

export const metadata: Metadata = {
  title: "Contribute",
  description: "Write prompted words and phrases to help Inkwell learn more handwriting.",
};

export default function Contribute() {
  return (
    <section>
      <h1>Contribute</h1>
      <p>Write what you are asked to, then submit. Every sample teaches the recognizer a little more about handwriting.</p>
      <ContributePage />
    </section>
  );
}
