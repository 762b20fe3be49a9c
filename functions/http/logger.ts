import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Logger } from '../core/ports/logger.ts';

export type { Logger } from '../core/ports/logger.ts';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

/** JSON lines on stdout (CloudWatch on Lambda), through AWS Lambda Powertools. */
export function createLogger(level: LogLevel, serviceName = 'rueckkehr-exchange'): Logger {
  const logger = new PowertoolsLogger({ serviceName, logLevel: level });
  return {
    debug: (message, extra = {}) => logger.debug(message, extra),
    info: (message, extra = {}) => logger.info(message, extra),
    warn: (message, extra = {}) => logger.warn(message, extra),
    error: (message, extra = {}) => logger.error(message, extra),
  };
}
