import { describe, expect, it } from "vitest";
import { brownFileSentences, detokeniseBrownSentence, wrapIntoLines } from "./brown-corpus";
import { mulberry32 } from "../random/mulberry32";

describe("Brown Corpus text", () => {
  it("detokenises tagged sentences back to written text", () => {
    expect(detokeniseBrownSentence("The/at jury/nn said/vbd ,/, ``/`` no/at evidence/nn ''/'' that/cs any/dti irregularities/nns took/vbd place/nn ./.")).toBe(
      'The jury said, "no evidence" that any irregularities took place.',
    );
    expect(detokeniseBrownSentence("He/pps said/vbd (/( twice/rb )/) :/: Mr./np Pye/np-tl ;/. don't/do* ?/.")).toBe("He said (twice): Mr. Pye; don't?");
    expect(detokeniseBrownSentence("``/`` Go/vb !/. ''/'' --/-- he/pps cried/vbd")).toBe('"Go!" -- he cried');
    expect(detokeniseBrownSentence("1/2/cd and/cc")).toBe("1/2 and"); // the tag follows the last slash
  });

  it("reads a file's sentences and skips blank lines", () => {
    expect(brownFileSentences("\n\n\tThe/at cat/nn ./.\n\n\n\tA/at dog/nn ./.\n")).toEqual(["The cat.", "A dog."]);
  });

  it("wraps sentences into lines of whole tokens within the drawn widths", () => {
    const sentences = ["The quick brown fox jumps over the lazy dog.", "Pack my box with five dozen liquor jugs.", "Supercalifragilisticexpialidocious!"];
    const lines = wrapIntoLines(sentences, mulberry32(3), { minWidth: 10, maxWidth: 20, newLineAtSentence: 0.5 });
    expect(lines.join(" ").split(" ")).toEqual(sentences.join(" ").split(" "));
    for (const l of lines) expect(l.length <= 20 || !l.includes(" ")).toBe(true); // one long token may overflow alone
    expect(lines).toContain("Supercalifragilisticexpialidocious!");
  });
});
