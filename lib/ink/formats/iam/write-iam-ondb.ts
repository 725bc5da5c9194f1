import { InkSchema, type Ink } from "../../types";
import { describeZodIssues } from "../format-error";

const seconds = (ms: number) => String(ms / 1000);

/**
 * Writes an ink as an IAM-OnDB stroke file (used to make test files and for export).
 * `t` becomes `time` in seconds from 0; points without `t` get no `time` attribute.
 * Pressure has no place in the format and is not written.
 */
export function writeIamOnDbXml(ink: Ink): string {
  const valid = InkSchema.safeParse(ink);
  if (!valid.success) throw new Error(`IAM-OnDB: invalid ink: ${describeZodIssues(valid.error.issues)}`);
  const strokes = ink.strokes.map((s) => {
    const first = s.points[0].t;
    const last = s.points[s.points.length - 1].t;
    const times = first !== undefined && last !== undefined ? ` start_time="${seconds(first)}" end_time="${seconds(last)}"` : "";
    const points = s.points
      .map((p) => `      <Point x="${p.x}" y="${p.y}"${p.t !== undefined ? ` time="${seconds(p.t)}"` : ""}/>\n`)
      .join("");
    return `    <Stroke colour="black"${times}>\n${points}    </Stroke>\n`;
  });
  return (
    `<?xml version="1.0" encoding="ISO-8859-1"?>\n<WhiteboardCaptureSession>\n  <StrokeSet>\n` +
    strokes.join("") +
    `  </StrokeSet>\n</WhiteboardCaptureSession>\n`
  );
}
