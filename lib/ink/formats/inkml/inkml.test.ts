import { describe, expect, it } from "vitest";
import { INK_VERSION, type Ink } from "../../types";
import { loadFixtureInks, loadStackedFixtureInks, readFixtureText } from "../../fixtures";
import { InkFormatError } from "../format-error";
import { readInkml } from "./read-inkml";
import { readInkmlItems } from "./read-inkml-items";
import { writeInkml, writeInkmlItems } from "./write-inkml";

const ink = (strokes: Ink["strokes"]): Ink => ({ version: INK_VERSION, strokes });

function formatError(run: () => unknown): InkFormatError {
  try {
    run();
  } catch (e) {
    if (e instanceof InkFormatError) return e;
    throw e;
  }
  throw new Error("expected an InkFormatError");
}

describe("InkML round trip", () => {
  it("is identical for every fixture ink, with and without timestamps", () => {
    const fixtures = loadFixtureInks();
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(fixtures.some((f) => f.ink.strokes[0].points[0].t !== undefined)).toBe(true);
    for (const f of fixtures) {
      const xml = writeInkml(f.ink, { truth: f.text });
      const back = readInkml(xml);
      expect(back.ink).toEqual(f.ink);
      expect(back.truth).toBe(f.text);
      expect(writeInkml(back.ink, { truth: back.truth })).toBe(xml);
    }
  });

  it("keeps fractional, negative, exponent and -0 values, pressure and awkward labels exactly", () => {
    const original = ink([
      { points: [{ x: -0, y: 0.1 + 0.2, t: 0, p: 0.5 }, { x: 1e-7, y: -1234567.125, t: 16.666666666666668, p: 1 }] },
      { points: [{ x: 9999999, y: -9999999, t: 1e3, p: 0 }] },
    ]);
    for (const truth of ["  spaced <&> \"q\" 'a'\n", "", "é ü ✓", "]]>"]) {
      const xml = writeInkml(original, { truth });
      const back = readInkml(xml);
      expect(back.truth).toBe(truth);
      expect(back.ink).toEqual(original);
      expect(Object.is(back.ink.strokes[0].points[0].x, -0)).toBe(true);
      expect(writeInkml(back.ink, { truth: back.truth })).toBe(xml);
    }
  });

  it("carries multi-line samples: a label with a newline between the lines", () => {
    const stacked = loadStackedFixtureInks();
    for (const s of stacked) {
      expect(s.text).toContain("\n");
      const xml = writeInkml(s.ink, { truth: s.text });
      const back = readInkml(xml);
      expect(back).toEqual({ ink: s.ink, truth: s.text });
      expect(writeInkml(back.ink, { truth: back.truth })).toBe(xml);
    }
    // Windows line ends and blank lines inside a label survive too; the CR is written as a
    // reference, which every XML reader keeps (a literal CR LF is read as LF).
    for (const truth of ["first line\r\nsecond line", "a\n\nb", "\nleading and trailing\n"]) {
      const written = writeInkml(stacked[0].ink, { truth });
      expect(written).not.toContain("\r");
      expect(readInkml(written).truth).toBe(truth);
    }
    const items = stacked.map((s) => ({ label: s.text, ink: s.ink }));
    const xml = writeInkmlItems(items);
    const back = readInkmlItems(xml);
    expect(back.map((r) => (r.ok ? { label: r.label, ink: r.ink } : r))).toEqual(items);
  });

  it("writes the documented layout", () => {
    expect(writeInkml(ink([{ points: [{ x: 1, y: 2, t: 0, p: 0.25 }, { x: 3, y: 4, t: 5, p: 0.5 }] }]), { truth: "a" })).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>
<ink xmlns="http://www.w3.org/2003/InkML">
  <traceFormat>
    <channel name="X" type="decimal"/>
    <channel name="Y" type="decimal"/>
    <channel name="T" type="decimal" units="ms"/>
    <channel name="F" type="decimal" min="0" max="1"/>
  </traceFormat>
  <annotation type="truth">a</annotation>
  <trace>1 2 0 0.25, 3 4 5 0.5</trace>
</ink>
`,
    );
  });

  it("round-trips an empty ink and an ink without truth", () => {
    const empty = ink([]);
    expect(readInkml(writeInkml(empty))).toEqual({ ink: empty, truth: undefined });
  });

  it("round-trips several labelled items", () => {
    const items = loadFixtureInks()
      .filter((f) => f.ink.strokes[0].points[0].t === undefined)
      .slice(0, 8)
      .map((f) => ({ label: f.text, ink: f.ink }));
    const xml = writeInkmlItems(items);
    const back = readInkmlItems(xml);
    expect(back.map((r) => (r.ok ? { label: r.label, ink: r.ink } : r))).toEqual(items);
    expect(writeInkmlItems(back.map((r) => (r.ok ? { label: r.label!, ink: r.ink } : undefined!)))).toBe(xml);
  });

  it("refuses inks that cannot be written faithfully", () => {
    expect(() => writeInkml(ink([{ points: [{ x: 1, y: 1, t: 0 }, { x: 2, y: 2 }] }]))).toThrow(/stroke 1, point 2 lacks t/);
    expect(() => writeInkml(ink([{ points: [{ x: 1, y: 1 }] }, { points: [{ x: 2, y: 2, p: 0.5 }] }]))).toThrow(/stroke 2, point 1 has p/);
    expect(() => writeInkml(ink([{ points: [{ x: NaN, y: 1 }] }]))).toThrow(/invalid ink: strokes.0.points.0.x/);
    expect(() => writeInkml(ink([{ points: [] }]))).toThrow(/at least one point/);
  });
});

describe("readInkml on other producers' files", () => {
  const doc = readFixtureText("sample.inkml");

  it("reads the whole document: context trace format, seconds, F range, difference encoding", () => {
    const { ink: read, truth } = readInkml(doc);
    expect(truth).toBe("it");
    expect(read.strokes).toHaveLength(4);
    expect(read.strokes[0].points[1]).toEqual({ x: 10, y: 30, t: 10, p: 600 / 1023 });
    // '0 '10 then "0 keeps the last velocity: y 10 -> 20 -> 30, t 600 -> 610 -> 620 ms.
    expect(read.strokes[2].points.map((p) => [p.x, p.y, Math.round(p.t!)])).toEqual([
      [30, 10, 600],
      [30, 20, 610],
      [30, 30, 620],
    ]);
    expect(read.strokes[3].points.map((p) => p.p)).toEqual([1, 0]);
  });

  it("reads labelled trace groups as items, following trace views", () => {
    const items = readInkmlItems(doc);
    expect(items.map((r) => r.ok && [r.label, r.ink.strokes.length])).toEqual([
      ["i", 2],
      ["t", 2],
    ]);
  });

  it("uses X Y when there is no trace format, and the document truth as the single item", () => {
    const xml = `<ink><annotation type="truth">\n  hi\n</annotation><trace>1 2,3 4</trace><trace>5 6</trace></ink>`;
    expect(readInkmlItems(xml)).toEqual([
      { ok: true, line: 1, label: "hi", ink: ink([{ points: [{ x: 1, y: 2 }, { x: 3, y: 4 }] }, { points: [{ x: 5, y: 6 }] }]) },
    ]);
  });

  it("innermost labelled groups are the items, as in CROHME files", () => {
    const xml = `<ink>
<trace id="0">1 1, 2 2</trace>
<trace id="1">3 3</trace>
<traceGroup><annotation type="truth">Segmentation</annotation>
  <traceGroup><annotation type="truth">a</annotation><traceView traceDataRef="0"/></traceGroup>
  <traceGroup><annotation type="truth">b</annotation><traceView traceDataRef="1"/></traceGroup>
</traceGroup></ink>`;
    expect(readInkmlItems(xml).map((r) => r.ok && r.label)).toEqual(["a", "b"]);
  });
});

describe("InkML errors name the element and line", () => {
  it("reports each bad item and continues with the rest", () => {
    const xml = `<ink>
<traceGroup><annotation type="truth">good</annotation><trace>1 2</trace></traceGroup>
<traceGroup><annotation type="truth">bad</annotation>
  <trace>1 2, 3 x</trace>
</traceGroup>
<traceGroup><annotation type="truth">dangling</annotation><traceView traceDataRef="#nope"/></traceGroup>
<trace>9 9</trace>
<traceGroup><annotation type="truth">empty trace</annotation><trace> </trace></traceGroup>
<traceGroup><annotation type="truth">huge</annotation><trace>1e9 0</trace></traceGroup>
</ink>`;
    const results = readInkmlItems(xml);
    expect(results.map((r) => [r.ok, r.line])).toEqual([
      [true, 2],
      [false, 3],
      [false, 6],
      [false, 7],
      [false, 8],
      [false, 9],
    ]);
    const errors = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(errors[0]).toMatch(/line 4 <trace>: point 2: cannot read "x"/);
    expect(errors[1]).toMatch(/line 6 <traceView>: no trace with id "#nope"/);
    expect(errors[2]).toMatch(/belongs to no labelled traceGroup/);
    expect(errors[3]).toMatch(/line 8 <trace>: trace has no points/);
    expect(errors[4]).toMatch(/coordinate out of range/);
  });

  it.each([
    [`<ink><trace>1 2</trace>`, 1, /never closed/],
    [`<inkml/>`, 1, /root element must be <ink>/],
    [`<ink>\n<traceFormat><channel name="X"/></traceFormat></ink>`, 2, /needs a regular Y channel/],
    [`<ink>\n<traceFormat><channel name="X"/><channel name="Y"/><channel name="T" units="h"/></traceFormat></ink>`, 2, /time units "h"/],
    [`<ink>\n<traceFormat><channel name="X"/><channel name="Y"/><channel name="F" max="1" min="x"/></traceFormat></ink>`, 2, /min: must be a decimal/],
    [`<ink>\n\n<trace>1 2 3</trace></ink>`, 3, /more than 2 values/],
    [`<ink>\n<trace>1</trace></ink>`, 2, /has 1 values, the trace format needs 2/],
    [`<ink>\n<trace>'1 2</trace></ink>`, 2, /needs an earlier explicit value/],
    [`<ink><traceFormat><channel name="X"/><channel name="Y"/><channel name="F"/></traceFormat>\n<trace>1 2 300</trace></ink>`, 2, /F value 300 is outside \[0, 1\]/],
  ])("readInkml(%j) fails at line %i", (xml, line, message) => {
    const e = formatError(() => readInkml(xml));
    expect(e.issues[0].line).toBe(line);
    expect(e.message).toMatch(message);
  });
});
