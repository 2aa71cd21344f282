-- AlterTable
ALTER TABLE "ConsoleMessage" ADD COLUMN     "sendKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ConsoleMessage_sendKey_key" ON "ConsoleMessage"("sendKey");
