-- AlterTable
ALTER TABLE "TrainingRun" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "progress" TEXT NOT NULL DEFAULT '{}';

