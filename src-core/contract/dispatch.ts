import { apiCalls, type ApiHandlers, type CallContext, type CallName, type CallResult } from './api';
import { ApiError, invalidInput } from './errors';

/**
 * The single door into the handlers, shared by every transport: looks the call up, validates the input against its
 * schema (rejecting with every offending field named) and only then runs the handler.
 */
export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(apiCalls, name);
}

export async function dispatch(handlers: ApiHandlers, name: string, rawInput: unknown, call: CallContext = {}): Promise<CallResult<CallName>> {
  if (!isCallName(name)) throw new ApiError({ code: 'unknown-call', message: `Unknown call "${name}"` });
  const parsed = apiCalls[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) throw invalidInput(name, parsed.error);
  const handler = handlers[name] as (input: unknown, call: CallContext) => Promise<CallResult<CallName>> | CallResult<CallName>;
  return await handler(parsed.data, call);
}
