
// The rules load when the reference is rendered (issue 19).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ruleModule = (): typeof import('./rules') => require('./rules');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exceptions = (): typeof import('./internal/exceptions') => require('./internal/exceptions');

/**
 * Renders RULES.md (the rule reference) from the rule definitions.
 *
 * `test/audit/rules-doc.test.ts` fails when RULES.md is out of date; regenerate
 * it with `UPDATE_RULES_MD=1 npx jest test/audit/rules-doc`.
 */
export class RulesDoc {
  /** The Markdown text of RULES.md. */
  public static render(): string {
    const { EXCEPTION_PREFIX } = exceptions();
    const out: string[] = [];
    out.push('# Zero-trust audit rules');
    out.push('');
    out.push('<!-- Generated from src/audit/rules/*.ts by RulesDoc.render(). Do not edit: run `UPDATE_RULES_MD=1 npx jest test/audit/rules-doc`. -->');
    out.push('');
    out.push('Run them with `Audit.of(app)`, `Audit.enforce(app)`, the jest matcher `toHaveNoZeroTrustFindings()` or the CLI `cdk8s-zero-trust audit <files>`.');
    out.push(`A finding is suppressed by a valid exception on the object (or on its Namespace): annotations \`${EXCEPTION_PREFIX}<topic>: "<reason>"\` and \`${EXCEPTION_PREFIX}<topic>.expires: "YYYY-MM-DD"\` (valid up to and including that day). Expired or malformed exceptions are reported by ZT-HYG-002.`);
    out.push('');
    out.push('| Id | Pack | Severity | Title | Exception topic |');
    out.push('|---|---|---|---|---|');
    const { ALL_RULES, PACKS } = ruleModule();
    for (const r of ALL_RULES) {
      out.push(`| [${r.id}](#${r.id.toLowerCase()}) | ${r.pack} | ${r.severity} | ${r.title} | ${r.exceptionTopic ? `\`${r.exceptionTopic}\`` : '-'} |`);
    }
    for (const pack of PACKS) {
      out.push('');
      out.push(`## Pack \`${pack}\``);
      for (const r of ALL_RULES.filter(x => x.pack === pack)) {
        out.push('');
        out.push(`### ${r.id}`);
        out.push('');
        out.push(`**${r.title}** — severity ${r.severity}${r.exceptionTopic ? `, exception topic \`${r.exceptionTopic}\`` : ''}`);
        out.push('');
        out.push(r.explanation);
        out.push('');
        out.push(`**Fix:** ${r.fix}`);
      }
    }
    out.push('');
    return out.join('\n');
  }

  private constructor() {}
}
