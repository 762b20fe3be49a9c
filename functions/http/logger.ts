import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';

/** The structured logger every layer receives. Never pass request bodies or personal data to it. */
export interface Logger {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

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
