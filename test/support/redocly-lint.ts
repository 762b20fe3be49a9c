import { createConfig, lintFromString } from '@redocly/openapi-core';

export interface LintProblem {
  rule: string;
  severity: 'error' | 'warn';
  message: string;
  where: string;
}

/** Redocly's `recommended` ruleset on an OpenAPI document, as `redocly lint --extends recommended` runs it. */
export async function redoclyLint(document: unknown): Promise<LintProblem[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
  return problems
    .filter((p) => p.severity === 'error' || p.severity === 'warn')
    .map((p) => ({
      rule: p.ruleId,
      severity: p.severity as 'error' | 'warn',
      message: p.message,
      where: p.location[0]?.pointer ?? '',
    }));
}
