import { describe, expect, it } from "vitest";
import { INK_VERSION, type Ink } from "../../types";
import { loadFixtureInks, readFixtureText } from "../../fixtures";
import { InkFormatError } from "../format-error";
import { readIamOnDbXml } from "./read-iam-ondb";
import { writeIamOnDbXml } from "./write-iam-ondb";

function issuesOf(xml: string) {
  try {
    readIamOnDbXml(xml);
  } catch (e) {
    if (e instanceof InkFormatError) return e.issues;
    throw e;
  }
  throw new Error("expected an InkFormatError");
}

describe("IAM-OnDB XML", () => {
  it("reads a session file, with t in ms since the first point", () => {
    const ink = readIamOnDbXml(readFixtureText("sample-iam-ondb.xml"));
    expect(ink.strokes.map((s) => s.points.length)).toEqual([4, 2]);
    expect(ink.strokes[0].points[1]).toEqual({ x: 1072, y: 1085, t: 10 });
    expect(ink.strokes.flatMap((s) => s.points.map((p) => p.t))).toEqual([0, 10, 30, 50, 300, 310]);
  });

  it("round-trips fixture inks (timestamped and not)", () => {
    for (const f of loadFixtureInks()) {
      const xml = writeIamOnDbXml(f.ink);
      expect(readIamOnDbXml(xml)).toEqual(f.ink);
      expect(writeIamOnDbXml(readIamOnDbXml(xml))).toBe(xml);
    }
  });

  it("accepts a bare StrokeSet and points without time", () => {
    const ink: Ink = readIamOnDbXml(`<StrokeSet><Stroke><Point x="1.5" y="-2"/></Stroke></StrokeSet>`);
    expect(ink).toEqual({ version: INK_VERSION, strokes: [{ points: [{ x: 1.5, y: -2 }] }] });
  });

  it("names every bad element with its line", () => {
    const issues = issuesOf(`<WhiteboardCaptureSession>
<StrokeSet>
<Stroke><Point x="1" y="2" time="0"/><Point x="a" y="2" time="0"/></Stroke>
<Stroke></Stroke>
<Stroke><Point y="2"/><Dot/></Stroke>
<Noise/>
</StrokeSet></WhiteboardCaptureSession>`);
    expect(issues).toEqual([
      { line: 3, element: "<Point>", message: "x: x must be a decimal number" },
      { line: 4, element: "<Stroke>", message: "stroke has no points" },
      { line: 5, element: "<Point>", message: "x: x is missing" },
      { line: 5, element: "<Dot>", message: "unexpected element in <Stroke>" },
      { line: 6, element: "<Noise>", message: "unexpected element in <StrokeSet>" },
    ]);
  });

  it("rejects wrong roots, missing stroke sets, broken XML and out-of-range coordinates", () => {
    expect(issuesOf(`<ink/>`)[0].message).toMatch(/root must be/);
    expect(issuesOf(`<WhiteboardCaptureSession>\n</WhiteboardCaptureSession>`)[0]).toMatchObject({ line: 1, message: "expected one <StrokeSet>, found 0" });
    expect(issuesOf(`<StrokeSet>\n<Stroke>`)[0].message).toMatch(/never closed/);
    expect(issuesOf(`<StrokeSet><Stroke><Point x="1e300" y="0"/></Stroke></StrokeSet>`)[0].message).toMatch(/out of range/);
    expect(issuesOf(`<StrokeSet><Stroke><Point x="NaN" y="0"/></Stroke></StrokeSet>`)[0].message).toMatch(/decimal/);
  });
});
