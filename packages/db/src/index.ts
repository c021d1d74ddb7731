export * from './client';
export { Prisma } from './generated/prisma/client';
export type {
  Organization,
  ApiKey,
  File,
  BaseModel,
  FineTunedModel,
  FineTuningJob,
  JobAttempt,
  JobEvent,
  JobMetric,
  Checkpoint,
  Evaluation,
  OutboxEvent,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookAttempt,
  UsageRecord,
  User,
  Membership,
  Invitation,
  Session,
} from './generated/prisma/client';
export { FileStatus, JobStatus } from './generated/prisma/enums';
export * from './sql-rows';
export * from './pool-transaction';
