-- AlterTable
ALTER TABLE "ConsoleMessage" ADD COLUMN     "file" JSONB;
