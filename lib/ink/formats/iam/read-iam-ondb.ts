import { INK_VERSION, InkSchema, type Ink, type InkPoint, type InkStroke } from "../../types";
import { describeZodIssues, InkFormatError, type FormatIssue } from "../format-error";
import { parseXml } from "../xml/parse-xml";
import { childElements } from "../xml/xml-queries";
import { XmlSyntaxError, type XmlElement } from "../xml/xml-tree";
import { IamPointAttributesSchema } from "./iam-ondb-schema";

/**
 * Reads an IAM On-Line Handwriting Database stroke file
 * (`<WhiteboardCaptureSession><StrokeSet><Stroke><Point x y time/>`, or a bare `<StrokeSet>`).
 * Coordinates are kept in whiteboard units, as recorded. `time` (seconds) becomes `t` in ms
 * since the first point, rounded to the microsecond so float noise from the absolute
 * session clock does not leak in; points without `time` get no `t`.
 *
 * Throws InkFormatError listing every bad element with its line.
 */
export function readIamOnDbXml(source: string): Ink {
  let root: XmlElement;
  try {
    root = parseXml(source);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new InkFormatError("IAM-OnDB", [{ line: e.line, message: e.message }]);
    throw e;
  }
  const fail = (issue: FormatIssue): never => {
    throw new InkFormatError("IAM-OnDB", [issue]);
  };
  let strokeSet: XmlElement | undefined;
  if (root.localName === "StrokeSet") strokeSet = root;
  else if (root.localName === "WhiteboardCaptureSession") {
    const sets = childElements(root, "StrokeSet");
    if (sets.length !== 1) fail({ line: root.line, element: "<WhiteboardCaptureSession>", message: `expected one <StrokeSet>, found ${sets.length}` });
    strokeSet = sets[0];
  } else {
    fail({ line: root.line, element: `<${root.name}>`, message: "root must be <WhiteboardCaptureSession> or <StrokeSet>" });
  }

  const issues: FormatIssue[] = [];
  let firstTime: number | undefined;
  const strokes: InkStroke[] = [];
  for (const child of childElements(strokeSet!)) {
    if (child.localName !== "Stroke") {
      issues.push({ line: child.line, element: `<${child.name}>`, message: "unexpected element in <StrokeSet>" });
      continue;
    }
    const points: InkPoint[] = [];
    for (const pointElement of childElements(child)) {
      if (pointElement.localName !== "Point") {
        issues.push({ line: pointElement.line, element: `<${pointElement.name}>`, message: "unexpected element in <Stroke>" });
        continue;
      }
      const parsed = IamPointAttributesSchema.safeParse(pointElement.attributes);
      if (!parsed.success) {
        issues.push({ line: pointElement.line, element: "<Point>", message: describeZodIssues(parsed.error.issues) });
        continue;
      }
      const { x, y, time } = parsed.data;
      if (time === undefined) points.push({ x, y });
      else {
        firstTime ??= time;
        points.push({ x, y, t: Math.round((time - firstTime) * 1e6) / 1e3 });
      }
    }
    if (points.length === 0 && childElements(child).length === 0) {
      issues.push({ line: child.line, element: "<Stroke>", message: "stroke has no points" });
    }
    strokes.push({ points });
  }
  if (issues.length > 0) throw new InkFormatError("IAM-OnDB", issues);
  const ink: Ink = { version: INK_VERSION, strokes };
  const valid = InkSchema.safeParse(ink);
  if (!valid.success) {
    fail({ line: strokeSet!.line, element: "<StrokeSet>", message: describeZodIssues(valid.error.issues) });
  }
  return ink;
}
