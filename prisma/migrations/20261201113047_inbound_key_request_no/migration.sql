-- AlterTable
ALTER TABLE "InboundKey" ADD COLUMN     "requestNo" INTEGER;
