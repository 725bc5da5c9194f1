// Worker threads do not inherit tsx's loader from every launcher, so the entry registers it
// and then loads the TypeScript worker.
import { register } from "tsx/esm/api";
register();
await import("./grad-worker.ts");
