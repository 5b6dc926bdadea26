// aurora-guard.json is checked against its JSON Schema (schemas/aurora-guard.schema.json, generated from the rule
// catalogue by scripts/schema.js), the same schema VS Code uses for completion and hovers in the file. The check is
// ajv's, compiled ahead of time into schemaValidator.generated.ts (ajv standalone code, regenerated and checked
// against the schema by scripts/schema.js and test/unit/schema.test.ts), so the bundles carry no schema compiler.
// ajv's errors become messages that name the key, with a suggestion for a misspelled rule id or key.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { validate as generatedValidate, SCHEMA_FACTS } from './schemaValidator.generated';
import { editDistance } from '../text/editDistance';

const facts = SCHEMA_FACTS as {
  keys: string[];
  targets: string[];
  cluster: Record<string, string>;
  ruleIds: string[];
  severities: string[];
};

export interface ConfigProblem {
  /** JSON path of the offending value or key, e.g. ['rules', 'pool/validaton-interval']. */
  path: string[];
  /** The key itself is wrong (unknown), not its value. */
  key: boolean;
  message: string;
}

/** The rule ids the schema knows (the catalogue when the schema was generated). */
export const SCHEMA_RULE_IDS: readonly string[] = facts.ruleIds;

const validator = (): ValidateFunction => generatedValidate as unknown as ValidateFunction;

/** The closest of `known` to `word`, if it is close enough to be a typo. */
export function didYouMean(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(word.length / 4)) ? best : null;
}

function decodePointer(p: string): string[] {
  return p === ''
    ? []
    : p
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const suggest = (word: string, known: readonly string[]) => {
  const m = didYouMean(word, known);
  return m ? ` (did you mean '${m}'?)` : '';
};

function message(e: ErrorObject, path: string[]): ConfigProblem {
  const where = path.join('.');
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    if (path.length === 1 && path[0] === 'rules') {
      const m = suggest(extra, SCHEMA_RULE_IDS);
      return { path: [...path, extra], key: true, message: `unknown rule '${extra}'${m || ' (`aurora-guard rules` lists the rule ids)'}` };
    }
    const known = path.length === 0 ? facts.keys : path[0] === 'cluster' ? Object.keys(facts.cluster) : [];
    const full = [...path, extra].join('.');
    const m = didYouMean(extra, known);
    return {
      path: [...path, extra],
      key: true,
      message: `unknown key "${full}"${m ? ` (did you mean "${[...path, m].join('.')}"?)` : ''}`,
    };
  }
  const p = (msg: string): ConfigProblem => ({ path, key: false, message: msg });
  if (path.length === 0) return p('must be a JSON object');
  if (path[0] === 'target') return p(`"target" must be one of ${facts.targets.join(', ')}`);
  if (path[0] === 'apimVersion') return p('"apimVersion" must be a version like "4.2.0"');
  if (path[0] === '$schema') return p('"$schema" must be a string');
  if (path[0] === 'cluster') {
    if (path.length === 1) return p('"cluster" must be an object');
    if (path[1] === 'autoPause') return p('"cluster.autoPause" must be true or false');
    const t = facts.cluster[path[1]];
    return p(`"${where}" must be a non-negative ${t === 'integer' ? 'integer' : 'number'}`);
  }
  if (path[0] === 'rules') {
    if (path.length === 1) return p('"rules" must be an object of rule id → severity');
    return p(`"${where}" must be one of ${facts.severities.join(', ')}`);
  }
  return p(`"${where}" ${e.message ?? 'is invalid'}`);
}

/** Every problem of a parsed aurora-guard.json value (one per offending key or value); [] when valid. */
export function configProblems(value: unknown): ConfigProblem[] {
  const v = validator();
  if (v(value)) return [];
  const out: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const e of v.errors ?? []) {
    const prob = message(e, decodePointer(e.instancePath));
    const k = JSON.stringify(prob.path);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(prob);
  }
  return out;
}
