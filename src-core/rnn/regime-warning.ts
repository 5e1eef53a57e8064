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

/** The warning for alpha = 1 with a trace-based rule among `rules`, or null; 'symbols' writes α and ≤ (interface). */
export function alphaOneWarning(alpha: number, rules: readonly RuleName[], style: 'plain' | 'symbols' = 'plain'): string | null {
  if (alpha !== 1 || !rules.some(usesTraces)) return null;
  const [a, le] = style === 'symbols' ? ['α', '≤'] : ['alpha', '<='];
  return `At ${a} = 1 the eligibility traces have no memory (each holds only the previous step), so e-prop and RFLO `
    + `cannot learn a delay, and RFLO equals e-prop with random feedback. Use ${a} ${le} 0.2 with delays of at least `
    + `5 / ${a} steps to compare the rules.`;
}
