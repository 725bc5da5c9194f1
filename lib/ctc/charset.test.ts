import { describe, expect, it } from "vitest";
import { checkCharset, decode, encode, makeCharset, unknownChars } from "./charset";
import { CtcError } from "./ctc-error";

describe("charset", () => {
  const cs = makeCharset("ab c");

  it("puts the blank where asked and round-trips text through labels", () => {
    expect(cs).toEqual({ chars: ["", "a", "b", " ", "c"], blank: 0 });
    expect(makeCharset("ab", 2).chars).toEqual(["a", "b", ""]);
    expect(encode(cs, "ca b")).toEqual([4, 1, 3, 2]);
    expect(decode(cs, encode(cs, "ca b"))).toBe("ca b");
  });

  it("names every character outside the charset", () => {
    expect(unknownChars(cs, "abxyx")).toEqual(["x", "y"]);
    expect(() => encode(cs, "abxyx")).toThrow(/"x", "y"/);
    expect(() => encode(cs, "abxyx")).toThrow(CtcError);
  });

  it("rejects malformed charsets and labels", () => {
    expect(() => makeCharset("aba")).toThrow(/twice/);
    expect(() => checkCharset({ chars: ["", "ab"], blank: 0 })).toThrow(/single character/);
    expect(() => checkCharset({ chars: ["x", "a"], blank: 0 })).toThrow(/chars\[blank\]/);
    expect(() => decode(cs, [7])).toThrow(/outside/);
  });
});
