/** How a secret's fields are reached in a Vault Agent (consul-template) template. */
export enum VaultDataShape {
  /** KV version 2: `.Data.data.<field>`. */
  KV_V2 = 'KV_V2',
  /** KV version 1 and dynamic secrets (database, AWS, PKI...): `.Data.<field>`. */
  FLAT = 'FLAT',
}

/** Kinds of template the library writes. */
export enum VaultTemplateKind {
  KEY_VALUE = 'KEY_VALUE',
  CONNECTION_STRING = 'CONNECTION_STRING',
  JSON = 'JSON',
  RAW = 'RAW',
}

/** The template definition handed to the renderer. */
export interface VaultTemplateSpec {
  readonly kind: VaultTemplateKind;
  /** KEY_VALUE: output key → secret field; undefined: every field. */
  readonly keys?: { [key: string]: string };
  /** CONNECTION_STRING: format with `{{field}}` placeholders. RAW: the template text. */
  readonly text?: string;
}

function dataOf(shape: VaultDataShape): string {
  return shape === VaultDataShape.KV_V2 ? '.Data.data' : '.Data';
}

function quote(path: string): string {
  return JSON.stringify(path);
}

/** `.Data.data.password` for plain identifiers, `index .Data.data "db-password"` otherwise. */
function field(data: string, f: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(f) ? `${data}.${f}` : `index ${data} ${quote(f)}`;
}

/** Renders a template for the secret at `path`. */
export function renderVaultTemplate(spec: VaultTemplateSpec, path: string, shape: VaultDataShape): string {
  const data = dataOf(shape);
  const open = `{{- with secret ${quote(path)} -}}`;
  const close = '{{- end }}';
  switch (spec.kind) {
    case VaultTemplateKind.JSON:
      return `${open}\n{{ ${data} | toJSON }}\n${close}\n`;
    case VaultTemplateKind.KEY_VALUE: {
      if (!spec.keys) return `${open}\n{{ range $k, $v := ${data} }}{{ $k }}={{ $v }}\n{{ end }}${close}\n`;
      const lines = Object.keys(spec.keys).sort().map(k => `${k}={{ ${field(data, spec.keys![k])} }}`);
      return `${open}\n${lines.join('\n')}\n${close}\n`;
    }
    case VaultTemplateKind.CONNECTION_STRING: {
      const body = (spec.text ?? '').replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (_m, f: string) => `{{ ${field(data, f)} }}`);
      return `${open}\n${body}\n${close}\n`;
    }
    case VaultTemplateKind.RAW:
    default:
      return spec.text ?? '';
  }
}

/** Placeholders `{{field}}` in a connection-string format. */
export function connectionStringFields(format: string): string[] {
  const out: string[] = [];
  format.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (_m, f: string) => { out.push(f); return ''; });
  return out;
}
