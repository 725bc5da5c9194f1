import path from "node:path";

/**
 * Where the base training data lives on this machine. Its own module, free of file access, so
 * that the replay-set route (lib/adapt/replay-set-source.ts) can find the data without pulling
 * the base-data loader into the server bundle (its dynamic reads make the build trace the
 * whole project).
 */
export interface BaseDataLocations {
  /** UNIPEN folder (../shared/data next to the project). */
  unipenDir: string;
  /** The committed fixture JSONL (lib/ink/fixtures/unipen-fixtures.jsonl). */
  fixturesFile: string;
}

// turbopackIgnore: runtime folders, not files for the build to trace into the bundle.
export function defaultBaseDataLocations(root: string): BaseDataLocations {
  return {
    unipenDir: path.resolve(/*turbopackIgnore: true*/ root, "..", "shared", "data"),
    fixturesFile: path.join(/*turbopackIgnore: true*/ root, "lib", "ink", "fixtures", "unipen-fixtures.jsonl"),
  };
}
