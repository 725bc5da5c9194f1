import type { Ink } from "../types";

/** A labelled ink as stored in the dataset: who wrote what. */
export interface InkSample {
  readonly id: string;
  readonly text: string;
  readonly writer: string;
  readonly ink: Ink;
}
