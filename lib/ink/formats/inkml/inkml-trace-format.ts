import { z } from "zod";

export const INKML_NAMESPACE = "http://www.w3.org/2003/InkML";

const decimalAttribute = z
  .string()
  .trim()
  .regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, "must be a decimal number")
  .transform(Number);

/** The attributes of an InkML `<channel>` this reader understands; others are ignored. */
export const InkmlChannelSchema = z.object({
  name: z.string().min(1, "channel needs a name"),
  units: z.string().optional(),
  min: decimalAttribute.optional(),
  max: decimalAttribute.optional(),
});

/** How to read one value position of a trace point. */
export interface InkmlChannel {
  readonly name: string;
  /** Multiply by this to get ink units: ms for T (from s, ms, us), 1 otherwise. */
  readonly scale: number;
  /** For F: the declared range mapped onto pressure 0..1. */
  readonly range?: { readonly min: number; readonly max: number };
  /** Intermittent channels may be omitted at the end of a point. */
  readonly intermittent: boolean;
}

export interface InkmlTraceFormat {
  readonly channels: readonly InkmlChannel[];
}

/** The InkML default trace format when a document declares none (InkML §3.1.2). */
export const DEFAULT_TRACE_FORMAT: InkmlTraceFormat = {
  channels: [
    { name: "X", scale: 1, intermittent: false },
    { name: "Y", scale: 1, intermittent: false },
  ],
};

/** Milliseconds per unit for the T channel's `units` attribute. */
export const TIME_UNIT_TO_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, us: 0.001 };
