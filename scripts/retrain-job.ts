/**
 * tsx scripts/retrain-job.ts <trainingRunId>
 *
 * The background retraining job: the app's supervisor (lib/retrain/job-supervisor.ts) claims a
 * queued TrainingRun and starts this in a child process, outside every request. It trains,
 * scores and publishes an inactive ModelVersion (lib/retrain/run-retrain-job.ts), writing its
 * progress to the run's row. Exit code 0 = succeeded or cancelled, 1 = failed.
 */
import { db } from "../lib/db";
import { env } from "../lib/env";
import { runRetrainJob } from "../lib/retrain/run-retrain-job";

async function main(): Promise<number> {
  const runId = process.argv[2];
  if (!runId) {
    process.stderr.write("usage: tsx scripts/retrain-job.ts <trainingRunId>\n");
    return 2;
  }
  const outcome = await runRetrainJob(runId, { db, root: env.INKWELL_ROOT, dataDir: env.DATA_DIR, log: (line) => process.stdout.write(line + "\n") });
  return outcome === "failed" ? 1 : 0;
}

main()
  .then(async (code) => {
    await db.$disconnect();
    process.exit(code);
  })
  .catch(async (error) => {
    process.stderr.write(`retrain-job: ${(error as Error).stack ?? error}\n`);
    await db.$disconnect().catch(() => {});
    process.exit(1);
  });
