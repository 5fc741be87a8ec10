// The audit, diff and graph commands' usage (the binary, src/cli.ts, adds import and rollout-plan).
export const AUDIT_USAGE = `Usage:
  cdk8s-zero-trust audit [options] <file|dir|->...
      --format text|json|sarif    output format (default: text)
      --min-severity LEVEL        exit 1 on findings at or above LEVEL: INFO, LOW, MEDIUM, HIGH, CRITICAL (default: HIGH)
      --suppress RULE:reason      silence a rule (repeatable); RULE:name:reason silences it for one object
      --trust-domain DOMAIN       the mesh trust domain (default: learned from the manifests, else cluster.local)
      --pack PACK                 only run this pack (repeatable): mtls, default-deny, identity, secrets, hygiene
      --exclude RULE              do not run this rule (repeatable)
      --root DIR                  SARIF: artifact URIs are relative to DIR (default: the git work tree of the current directory, else the current directory)
  cdk8s-zero-trust diff [options] <before> <after>
      before/after: a file, a directory or - (stdin, for one of the two)
      --format text|json|sarif|markdown   output format (default: text); markdown is a pull-request comment
      --allow FILE                one declared edge a line, "<ns>/<name> -> <ns>/<name>:<ports>" (* for any
                                  namespace, name or port; # comments) (repeatable); opened connections they
                                  cover do not fail the diff (default: none, so every opened connection fails)
      --min-severity LEVEL        exit 1 on introduced findings at or above LEVEL (default: HIGH)
      --suppress, --trust-domain, --pack, --exclude, --root   as for audit
  cdk8s-zero-trust graph [options] <file|dir|->...
      --format mermaid|dot        output format (default: mermaid)
      --engine ENGINE             one engine's graph: NETWORK_POLICY, CILIUM, ISTIO, LINKERD (default: combined)
      --trust-domain DOMAIN       the mesh trust domain
`;

export const USAGE_FOOTER = `  cdk8s-zero-trust <audit|diff|graph|import> --help     this text

Files: .yaml/.yml/.json (UTF-8, UTF-8 with BOM, UTF-16 with BOM), multi-document YAML, List kinds;
directories are read recursively; - reads stdin. A file that cannot be read or parsed is reported
(file, line, reason) and every other file is still audited.
Exit codes: 0 ok, 1 findings at or above --min-severity (diff: or an undeclared connection opened),
2 usage or input error (the worst applies).
`;
