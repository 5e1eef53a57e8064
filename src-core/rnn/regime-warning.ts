/**
 * What the interface says when a configuration leaves the regime where local learning can be judged
 * (shared/science/connectivity-and-local-learning.md): at alpha = 1 the eligibility traces of e-prop and RFLO are
 * eps_t = h_{t-1}, with no memory of earlier steps, so they cannot learn any delay, and RFLO (whose trace filters
 * f' h with the same factor) is e-prop with random feedback by construction. Shared by the CLI and the Simulate page.
 */
import type { RuleName } from './schema';

const TRACE_RULES: readonly RuleName[] = ['eprop', 'eprop-random', 'rflo', 'rflo-symmetric'];

export function usesTraces(rule: RuleName): boolean {
  return TRACE_RULES.includes(rule);
}

/** The warning for alpha = 1 with a trace-based rule among `rules`, or null. */
export function alphaOneWarning(alpha: number, rules: readonly RuleName[]): string | null {
  if (alpha !== 1 || !rules.some(usesTraces)) return null;
  return 'At alpha = 1 the eligibility traces have no memory (each holds only the previous step), so e-prop and RFLO '
    + 'cannot learn a delay, and RFLO equals e-prop with random feedback. Use alpha <= 0.2 with delays of at least '
    + '5 / alpha steps to compare the rules.';
}
