import { ApiError } from '@core/contract/errors';
import { CliError, type CliIo } from './io';

/**
 * Runs a command and turns what it throws into the exit codes the CLI promises: a CliError's own code, 2 for a
 * refused input (ApiError, a bad option), 1 for anything else; the message goes to stderr as "error: ...".
 */
export async function guarded(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`error: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof ApiError || (error instanceof Error && /^(ERR_PARSE_ARGS|ERR_INVALID_ARG)/.test((error as NodeJS.ErrnoException).code ?? ''))) {
      io.err(`error: ${error.message}`);
      return 2;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
