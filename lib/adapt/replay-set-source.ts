/**
 * Node only: picks the replay set (replay-set.ts) from the training data on this machine.
 * UNIPEN words (../shared/data) when present, else the committed fixture inks, so a deployment
 * without the dataset still replays something (a small set: say so in its source).
 */
import { existsSync } from "node:fs";
import { crc32 } from "node:zlib";
import { readTextFileLines } from "../ink/formats/dataset-jsonl-node";
import path from "node:path";
import { type BaseDataLocations, defaultBaseDataLocations } from "../retrain/base-data-locations";
import { isValidationWriter } from "../training/dataset";
import { REPLAY_SET, isReplayCandidate } from "./replay-set";

export interface ReplaySetFile {
  /** Dataset JSONL, one record per line. */
  jsonl: string;
  count: number;
  source: string;
}

/** A record's place in the fixed order the set is cut from: its id's checksum (stable across runs and machines). */
const rankOf = (id: string) => crc32(`replay:${id}`);
/** Only about one record in this many is looked at closely: the words file has ~76k lines. */
const PRESELECT = 64;

const field = (line: string, name: string) => {
  const m = new RegExp(`"${name}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(line);
  return m ? (JSON.parse(`"${m[1]}"`) as string) : undefined;
};

/**
 * The REPLAY_SET.size candidates with the lowest rank: training writers' single words, chosen
 * by their ids alone, so the same file always gives the same set.
 */
export async function readReplaySet(wordsFile: string, fixturesFile: string): Promise<ReplaySetFile> {
  const useWords = existsSync(wordsFile);
  const picked: { rank: number; line: string }[] = [];
  for await (const line of readTextFileLines(useWords ? wordsFile : fixturesFile)) {
    const id = field(line, "id"), writer = field(line, "writer"), text = field(line, "text");
    if (id === undefined || writer === undefined || text === undefined) continue;
    const rank = rankOf(id);
    if (useWords && rank % PRESELECT !== 0) continue;
    if (isReplayCandidate({ text }, isValidationWriter(writer))) picked.push({ rank, line });
  }
  const chosen = picked.sort((a, b) => a.rank - b.rank || (a.line < b.line ? -1 : 1)).slice(0, REPLAY_SET.size);
  return {
    jsonl: chosen.map((c) => c.line).join("\n") + (chosen.length ? "\n" : ""),
    count: chosen.length,
    source: useWords ? `UNIPEN training writers' words (${wordsFile})` : `the committed fixture inks (${fixturesFile}): no UNIPEN words file here`,
  };
}

/** The replay set from a machine's base data: its UNIPEN words, or only the fixtures (a retrain told to use fixtures). */
export function readReplaySetFrom(where: BaseDataLocations, fixturesOnly = false): Promise<ReplaySetFile> {
  return readReplaySet(fixturesOnly ? where.fixturesFile : path.join(/*turbopackIgnore: true*/ where.unipenDir, "unipen-words.jsonl.gz"), where.fixturesFile);
}

let served: { root: string; set: Promise<ReplaySetFile> } | undefined;

/** The app's replay set, read once per process from the project's data (see defaultBaseDataLocations). */
export function appReplaySet(root: string): Promise<ReplaySetFile> {
  if (served?.root !== root) {
    const set = readReplaySetFrom(defaultBaseDataLocations(root));
    served = { root, set };
    set.catch(() => {
      if (served?.set === set) served = undefined; // a failed read is retried on the next request
    });
  }
  return served.set;
}
