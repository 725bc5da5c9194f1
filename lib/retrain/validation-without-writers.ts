import { crc32 } from "node:zlib";
import type { BaseData } from "./base-data";

/**
 * The base validation set without the samples of `writers` (the writers a run trains on).
 * "Base validation CER" is the guard for everyone else, so it must not contain the very hands
 * the fine-tune learns: when contributors are also validation writers (bench-adapt's protocol
 * takes UNIPEN's), their words were half of the set, and it improved while other writers' words
 * read worse. Contributors on a real server are new writers, and nothing is removed. The set's
 * id says what was removed, so versions stay comparable only on the same set. When nothing
 * would remain, the set is kept whole.
 */
export function validationWithoutWriters(base: BaseData, writers: ReadonlySet<string>): BaseData {
  const keep = <T extends { writer: string }>(samples: readonly T[]) => samples.filter((s) => !writers.has(s.writer));
  const valWords = keep(base.valWords);
  const valLines = keep(base.valLines);
  const removed = base.valWords.length + base.valLines.length - valWords.length - valLines.length;
  // Nothing left (a tiny fixture set of the same writers): keep the set rather than select blind.
  if (removed === 0 || valWords.length + valLines.length === 0) return base;
  const excluded = [...new Set([...base.valWords, ...base.valLines].map((s) => s.writer).filter((w) => writers.has(w)))].sort();
  const tag = (crc32(excluded.join("\n")) >>> 0).toString(16).padStart(8, "0");
  return { ...base, valWords, valLines, validationSetId: `${base.validationSetId}-minus${excluded.length}w-${tag}` };
}
