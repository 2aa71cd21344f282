-- CreateTable
CREATE TABLE "RequestRevision" (
    "id" BIGSERIAL NOT NULL,
    "requestId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "changes" JSONB NOT NULL,
    "personId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestRevision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RequestRevision_requestId_idx" ON "RequestRevision"("requestId");

-- AddForeignKey
ALTER TABLE "RequestRevision" ADD CONSTRAINT "RequestRevision_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
