import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** Every .ts/.vue file under the given roots, as paths relative to `top`. */
function sourceFiles(top: string, roots: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(top, dir))) {
      const path = join(dir, name);
      if (statSync(join(top, path)).isDirectory()) walk(path);
      else if (/\.(ts|vue)$/.test(name) && !name.endsWith('.d.ts')) out.push(normalize(path));
    }
  };
  roots.forEach(walk);
  return out;
}

function resolve(top: string, from: string, spec: string): string | undefined {
  const base = spec.startsWith('@core/') ? join('src-core', spec.slice(6)) : spec.startsWith('.') ? join(dirname(from), spec) : undefined;
  if (base === undefined) return undefined;
  return [base, `${base}.ts`, join(base, 'index.ts'), `${base}.vue`].map(normalize).find((p) => existsSync(join(top, p)) && statSync(join(top, p)).isFile());
}

/** The value imports (not `import type`) of one file, resolved to files. */
function imports(top: string, file: string): string[] {
  const text = readFileSync(join(top, file), 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(type\s+)?[^'";]*?\sfrom\s+['"]([^'"]+)['"]/g)) if (!m[1]) specs.push(m[2]);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) specs.push(m[1]);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]);
  return specs.map((s) => resolve(top, file, s)).filter((p): p is string => p !== undefined);
}

/** Strongly connected components of more than one file (Tarjan), each sorted, as paths relative to `top`. */
export function cycles(top: string, roots: string[]): string[][] {
  const graph = new Map(sourceFiles(top, roots).map((f) => [f, imports(top, f)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.map((p) => relative('.', p)).sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}
