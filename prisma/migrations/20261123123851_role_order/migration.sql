-- AlterTable
ALTER TABLE "RoleAssignment" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;
