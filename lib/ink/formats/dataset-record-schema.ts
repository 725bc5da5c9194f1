import { z } from "zod";

const coordinate = z.number().refine(Number.isFinite, "must be a finite number");

/** A point of the dataset JSONL: `[x, y]`, or `[x, y, t]` with `t` in ms since the sample's first point (or null). */
export const DatasetPointSchema = z.union([
  z.tuple([coordinate, coordinate]),
  z.tuple([coordinate, coordinate, coordinate.nullable()]),
]);

/** One line of the dataset JSONL (see /work/shared/data/README.md). Unknown fields are ignored. */
export const DatasetRecordSchema = z.object({
  id: z.string().min(1, "id must not be empty"),
  text: z.string(),
  writer: z.string(),
  strokes: z.array(z.array(DatasetPointSchema)),
});

export type DatasetRecord = z.infer<typeof DatasetRecordSchema>;
