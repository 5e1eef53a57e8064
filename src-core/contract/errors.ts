import type { z } from 'zod';

/** The error shape every transport returns; `issues` lists invalid input fields by path. */
export interface ApiErrorData {
  code: 'invalid-input' | 'not-found' | 'conflict' | 'failed' | 'forbidden' | 'unknown-call';
  message: string;
  issues?: { path: string; message: string }[];
}

/** An error that crosses a transport intact (IPC rejects with it, HTTP answers with it as JSON). */
export class ApiError extends Error implements ApiErrorData {
  readonly code: ApiErrorData['code'];
  readonly issues?: { path: string; message: string }[];

  constructor(data: ApiErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
    this.issues = data.issues;
  }

  toData(): ApiErrorData {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/** Turns a zod error into an ApiError whose message names every offending field, e.g. "config.resamples: Too small". */
export function invalidInput(call: string, error: z.ZodError): ApiError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(input)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new ApiError({ code: 'invalid-input', message: `Invalid input to ${call}: ${summary}`, issues });
}

export function notFound(what: string): ApiError {
  return new ApiError({ code: 'not-found', message: `${what} not found` });
}
