import { ImportError, UndecidedProblemsError, type ImportErrorCode, type LocatedMessage, type ProblemClass } from '@core/io/index';
import type { PipelineOutcome } from './pipeline';

/** Messages from the import worker to main. Plain data: errors travel as their plain form and are rebuilt in main. */
export type ImportWorkerMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; outcome: PipelineOutcome }
  | { type: 'failed'; error: PlainImportError };

export type PlainImportError =
  | { name: 'ImportError'; code: ImportErrorCode; message: string; problems: LocatedMessage[] }
  | { name: 'UndecidedProblemsError'; message: string; undecided: ProblemClass[] }
  | { name: 'Error'; message: string };

export function toPlainError(error: unknown): PlainImportError {
  if (error instanceof ImportError) return error.toPlain();
  if (error instanceof UndecidedProblemsError) return { name: 'UndecidedProblemsError', message: error.message, undecided: error.undecided };
  return { name: 'Error', message: error instanceof Error ? error.message : String(error) };
}

export function fromPlainError(plain: PlainImportError): Error {
  if (plain.name === 'ImportError') {
    const error = new ImportError(plain.code, '', plain.problems);
    // The message was composed in the worker already (summary plus located problems).
    Object.defineProperty(error, 'message', { value: plain.message });
    return error;
  }
  if (plain.name === 'UndecidedProblemsError') return new UndecidedProblemsError(plain.undecided, plain.message);
  return new Error(plain.message);
}
