import { Exception } from '../../model/exception';
import { ObjectNames } from '../../model/names';
import { Formats } from '../../validation/formats';

/** Container images of the SPIRE deployment. Pin tags or digests; `latest` is rejected. */
export interface SpireImages {
  /**
   * SPIRE server image.
   * @default 'ghcr.io/spiffe/spire-server:1.12.4'
   */
  readonly server?: string;
  /**
   * SPIRE agent image.
   * @default 'ghcr.io/spiffe/spire-agent:1.12.4'
   */
  readonly agent?: string;
  /**
   * spire-controller-manager image (its CRDs must match the installed ones).
   * @default 'ghcr.io/spiffe/spire-controller-manager:0.6.6'
   */
  readonly controllerManager?: string;
  /**
   * SPIFFE CSI driver image.
   * @default 'ghcr.io/spiffe/spiffe-csi-driver:0.2.7'
   */
  readonly csiDriver?: string;
  /**
   * CSI node driver registrar image.
   * @default 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0'
   */
  readonly nodeDriverRegistrar?: string;
}

/** Resolved images (library-internal). */
export const DEFAULT_IMAGES = {
  server: 'ghcr.io/spiffe/spire-server:1.12.4',
  agent: 'ghcr.io/spiffe/spire-agent:1.12.4',
  controllerManager: 'ghcr.io/spiffe/spire-controller-manager:0.6.6',
  csiDriver: 'ghcr.io/spiffe/spiffe-csi-driver:0.2.7',
  nodeDriverRegistrar: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0',
};

/** Problems with an image reference: must be pinned by tag (not `latest`) or digest. */
export function imageProblems(what: string, image: string): string[] {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return [];
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  if (image.trim() === '' || /\s/.test(image)) return [`images.${what} "${image}" is not an image reference`];
  if (tag === '' || tag === 'latest') {
    return [`images.${what} "${image}" is not pinned: use a version tag or a digest (e.g. "${DEFAULT_IMAGES[what as keyof typeof DEFAULT_IMAGES] ?? 'registry/image:1.2.3'}") so a restart cannot change the binary`];
  }
  return [];
}

/** SPIRE log levels. */
export enum SpireLogLevel {
  /** Debug logging (verbose; may log selectors and entry details). */
  DEBUG = 'DEBUG',
  /** Informational logging. */
  INFO = 'INFO',
  /** Warnings and errors only. */
  WARN = 'WARN',
  /** Errors only. */
  ERROR = 'ERROR',
}

/** Options of the PostgreSQL datastore. */
export interface SpirePostgresOptions {
  /**
   * Name of a Secret in the SPIRE server namespace holding the DataStore
   * `plugin_data` as HCL, e.g.
   * `database_type = "postgres"` and
   * `connection_string = "dbname=spire host=db.example.com user=spire password=... sslmode=verify-full"`.
   * It is mounted read-only and read through SPIRE's `plugin_data_file`
   * (SPIRE 1.10 or newer); the password never appears in server.conf or an
   * environment variable. Create it with External Secrets or Vault.
   */
  readonly secretName: string;
  /**
   * Key of the Secret holding the plugin data.
   * @default 'datastore.conf'
   */
  readonly secretKey?: string;

  /**
   * Address ranges of the PostgreSQL server (e.g. `['10.20.0.15/32']`), for the
   * SPIRE server's datastore egress policy (Kubernetes NetworkPolicy `ipBlock`,
   * Cilium `toCIDR`). Required: the SPIRE server namespace is default deny, and
   * the host in the Secret is not visible to the library. An in-cluster database
   * reached by pod IP is not matched by CIDR rules: run it outside the cluster
   * or add a pod-selector policy for it yourself.
   * @default - none (synthesis fails with a message naming this option)
   */
  readonly cidrs?: string[];

  /**
   * TCP port of the PostgreSQL server.
   * @default 5432
   */
  readonly port?: number;
}

/** Where the SPIRE server stores registration entries, attested nodes and bundles. */
export class SpireDatastore {
  /** SQLite on the server's persistent volume (single replica). */
  public static sqlite3(): SpireDatastore {
    return new SpireDatastore('sqlite3');
  }

  /** PostgreSQL, with the connection settings read from a mounted Secret (never inline). */
  public static postgres(options: SpirePostgresOptions): SpireDatastore {
    return new SpireDatastore('postgres', options.secretName, options.secretKey ?? 'datastore.conf', options.cidrs, options.port ?? 5432);
  }

  /** `sqlite3` or `postgres`. */
  public readonly databaseType: string;
  /** The Secret with the postgres plugin data. */
  public readonly secretName?: string;
  /** Key in `secretName`. */
  public readonly secretKey?: string;
  /** Address ranges of the PostgreSQL server (egress policy). */
  public readonly cidrs?: string[];
  /** TCP port of the PostgreSQL server. */
  public readonly port?: number;

  private constructor(databaseType: string, secretName?: string, secretKey?: string, cidrs?: string[], port?: number) {
    this.databaseType = databaseType;
    this.secretName = secretName;
    this.secretKey = secretKey;
    this.cidrs = cidrs ? [...cidrs] : undefined;
    this.port = port;
  }

  /** Problems with the settings; empty when valid. */
  public problems(): string[] {
    const out: string[] = [];
    if (this.databaseType === 'postgres') {
      const p = ObjectNames.dns1123SubdomainProblem(this.secretName ?? '');
      if (p) out.push(`datastore: postgres secretName "${this.secretName}" ${p}`);
      if (!/^[-._a-zA-Z0-9]+$/.test(this.secretKey ?? '')) out.push(`datastore: postgres secretKey "${this.secretKey}" is not a valid Secret key`);
      if (!this.cidrs || this.cidrs.length === 0) {
        out.push('datastore: postgres cidrs is required: the SPIRE server namespace is default deny and its egress to the database is allowed by address range only; pass SpireDatastore.postgres({ secretName, cidrs: [\'10.20.0.15/32\'] }) with the database\'s addresses');
      }
      for (const c of this.cidrs ?? []) {
        const cp = Formats.cidrProblem(c);
        if (cp) out.push(`datastore: postgres cidrs entry "${c}" ${cp}`);
      }
      const port = this.port ?? 5432;
      if (!Number.isInteger(port) || port < 1 || port > 65535) out.push(`datastore: postgres port ${port} is out of range: use 1-65535`);
    }
    return out;
  }
}

/** Options of the AWS KMS key manager. */
export interface SpireAwsKmsOptions {
  /** AWS region of the keys, e.g. `eu-west-1`. */
  readonly region: string;
}

/** Options of the GCP Cloud KMS key manager. */
export interface SpireGcpKmsOptions {
  /** Key ring resource name, `projects/<p>/locations/<l>/keyRings/<r>`. */
  readonly keyRing: string;
}

/**
 * Where the SPIRE server keeps its CA signing keys. The keys must survive a
 * restart, otherwise every agent and workload has to re-trust a new CA:
 * `disk` (on the persistent volume) or a cloud KMS. `memory` needs an exception.
 */
export class SpireKeyManager {
  /** Keys in `keys.json` on the server's persistent volume. */
  public static disk(): SpireKeyManager {
    return new SpireKeyManager('disk', [['keys_path', '/run/spire/data/keys.json']]);
  }

  /**
   * AWS KMS (`aws_kms`). Credentials come from the pod's identity (IRSA /
   * EKS Pod Identity: annotate the server's ServiceAccount via
   * `serviceAccountAnnotations`); the key identifiers are kept on the persistent volume.
   */
  public static awsKms(options: SpireAwsKmsOptions): SpireKeyManager {
    return new SpireKeyManager('aws_kms', [['region', options.region], ['key_identifier_file', '/run/spire/data/aws-kms-key-id']]);
  }

  /**
   * GCP Cloud KMS (`gcp_kms`). Credentials come from Workload Identity
   * (annotate the server's ServiceAccount via `serviceAccountAnnotations`).
   */
  public static gcpKms(options: SpireGcpKmsOptions): SpireKeyManager {
    return new SpireKeyManager('gcp_kms', [['key_ring', options.keyRing], ['key_identifier_file', '/run/spire/data/gcp-kms-key-id']]);
  }

  /**
   * Keys in memory only: a server restart creates a new CA and every workload
   * must re-trust it. Only for throwaway clusters, with a justified exception.
   */
  public static memory(exception: Exception): SpireKeyManager {
    return new SpireKeyManager('memory', [], exception);
  }

  /** SPIRE plugin name. */
  public readonly pluginName: string;
  /** The exception for `memory`. */
  public readonly exception?: Exception;
  /** @internal */
  public readonly _data: Array<[string, string | undefined]>;

  private constructor(pluginName: string, data: Array<[string, string | undefined]>, exception?: Exception) {
    this.pluginName = pluginName;
    this._data = data;
    this.exception = exception;
  }

  /** Problems with the settings; empty when valid. */
  public problems(): string[] {
    const out: string[] = [];
    if (this.pluginName === 'memory') {
      for (const m of (this.exception ?? Exception.of({ reason: '', expires: '' })).problems('the in-memory SPIRE key manager')) out.push(`keyManager: ${m}`);
    }
    if (this.pluginName === 'aws_kms') {
      const region = this._data.find(([k]) => k === 'region')?.[1] ?? '';
      if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) out.push(`keyManager: AWS region "${region}" is not a region name (e.g. "eu-west-1")`);
    }
    if (this.pluginName === 'gcp_kms') {
      const ring = this._data.find(([k]) => k === 'key_ring')?.[1] ?? '';
      if (!/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+$/.test(ring)) {
        out.push(`keyManager: GCP key ring "${ring}" must look like "projects/<project>/locations/<location>/keyRings/<ring>"`);
      }
    }
    return out;
  }
}
