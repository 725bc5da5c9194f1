/** The model store bound to the app's folders (INKWELL_ROOT, DATA_DIR from lib/env). Server only. */
import { env } from "../env";
import { modelStore, type ModelStore } from "./active-model";

export function appModelStore(): ModelStore {
  return modelStore(env.INKWELL_ROOT, env.DATA_DIR);
}
