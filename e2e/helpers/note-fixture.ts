import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { inkFromArrays, type Ink } from "../../lib/ink/types";
import { REPO_ROOT } from "./write-fixtures";

/**
 * The recorded 3-line note e2e/notes.spec.ts writes: real lines by one UNIPEN validation writer,
 * stacked, already fitted into the replay box, chosen by scripts/select-e2e-note.ts because the
 * shipped model reads it exactly on the page.
 */
export const NoteFixtureSchema = z.object({
  modelVersion: z.string().min(1),
  weightsSha256: z.string().regex(/^[0-9a-f]{64}$/),
  generatedAt: z.string(),
  /** How the script decoded (the page's decoding when it ran). */
  decoding: z.record(z.string(), z.unknown()),
  replayBox: z.object({ width: z.number().positive(), height: z.number().positive() }),
  source: z.object({ dataset: z.string(), writer: z.string(), ids: z.array(z.string()).length(3) }),
  /** The label: the three lines joined by "\n". */
  text: z.string().regex(/^[^\n]+\n[^\n]+\n[^\n]+$/),
  /** Each line's stroke indices in `ink`. */
  lines: z.array(z.array(z.number().int().nonnegative())).length(3),
  /** Fitted and rounded to whole pixels: replayed as it is. */
  ink: z.object({ version: z.literal(1), strokes: z.array(z.array(z.tuple([z.number(), z.number()]))) }),
});
export type NoteFixture = z.infer<typeof NoteFixtureSchema>;

export const NOTE_FIXTURE_PATH = path.join(REPO_ROOT, "e2e", "fixtures", "note-fixture.json");

export function readNoteFixture(): NoteFixture & { fitted: Ink } {
  const fixture = NoteFixtureSchema.parse(JSON.parse(readFileSync(NOTE_FIXTURE_PATH, "utf8")));
  return { ...fixture, fitted: inkFromArrays(fixture.ink.strokes) };
}
