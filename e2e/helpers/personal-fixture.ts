import { readFileSync } from "node:fs";
import path from "node:path";
import type { Ink } from "../../lib/ink/types";
import { REPO_ROOT } from "./write-fixtures";

/** One real writer's inks for the personalisation e2e (made by scripts/select-personal-fixture.ts). */
export interface PersonalFixture {
  modelVersion: string;
  weightsSha256: string;
  writer: string;
  source: string;
  /** Corrected on the page until the recognizer personalises. */
  adapt: { id: string; text: string; ink: Ink }[];
  /** Read before and after; never trained on. */
  heldOut: { id: string; text: string; ink: Ink }[];
  /** What Node measured when the fixture was chosen (the page's run differs slightly: relaxed-SIMD kernels). */
  expected: { cerBefore: number; cerAfter: number };
}

export const PERSONAL_FIXTURE_PATH = path.join(REPO_ROOT, "e2e", "fixtures", "personal-writer.json");

export function readPersonalFixture(): PersonalFixture {
  return JSON.parse(readFileSync(PERSONAL_FIXTURE_PATH, "utf8")) as PersonalFixture;
}
