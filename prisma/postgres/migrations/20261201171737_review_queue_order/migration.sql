-- CreateIndex
CREATE INDEX "Sample_status_createdAt_id_idx" ON "Sample"("status", "createdAt", "id");

