const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/**
 * Translates Go RE2 regular expressions (used by OpenAPI `pattern` and CEL
 * `matches()`) to JavaScript RegExps. Library-internal.
 */
export class Re2 {
  /**
   * Returns a RegExp equivalent to the RE2 `pattern` (unanchored search, as RE2
   * MatchString), or undefined when the pattern uses a feature that cannot be
   * translated. Results are cached.
   */
  public static compile(pattern: string): RegExp | undefined {
    if (Re2.cache.has(pattern)) return Re2.cache.get(pattern);
    const re = Re2.translate(pattern);
    Re2.cache.set(pattern, re);
    return re;
  }

  private static readonly cache = new Map<string, RegExp | undefined>();

  private static translate(pattern: string): RegExp | undefined {
    let flags = '';
    let src = pattern;
    // leading flag groups, also after a leading '^' as in `^(?i)...`
    const lead = /^(\^?)\(\?([imsU]+)\)/.exec(src);
    if (lead) {
      if (lead[2].includes('U')) return undefined;
      flags += lead[2];
      src = lead[1] + src.slice(lead[0].length);
    }
    if (/\(\?[a-zA-Z-]+[:)]/.test(src)) return undefined; // inline flags inside the pattern
    src = src
      .replace(/\(\?P</g, '(?<')
      .replace(/\\A/g, '^')
      .replace(/\\z/g, '(?![\\s\\S])')
      .replace(/\\([pP])([A-Za-z])/g, '\\$1{$2}')
      .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) => {
        const cls = POSIX_CLASSES[name];
        if (!cls) return m;
        return neg ? `&&NEG[${cls}]` : cls;
      });
    if (src.includes('&&NEG[')) return undefined; // negated POSIX classes: not translated
    for (const f of [flags + 'u', flags]) {
      try {
        return new RegExp(src, f);
      } catch {
        // try the next flag set
      }
    }
    return undefined;
  }
}
