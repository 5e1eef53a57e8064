import { ApiError } from '@core/contract/errors';

/** What an error panel shows: the message and, for invalid input, each offending field. */
export interface ErrorInfo {
  message: string;
  issues: { path: string; message: string }[];
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ApiError) return { message: error.message, issues: error.issues ?? [] };
  if (error instanceof Error) return { message: error.message, issues: [] };
  return { message: String(error), issues: [] };
}

/** The issue about one field (path such as "config.source.n"), so a form can mark that input. */
export function issueFor(info: ErrorInfo | null, path: string): string | null {
  return info?.issues.find((issue) => issue.path === path)?.message ?? null;
}
