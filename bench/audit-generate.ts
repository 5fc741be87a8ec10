/**
 * Audit benchmark input: the synthesis benchmark's app (bench/generate.ts) on
 * every engine at once, each engine in namespaces of its own
 * (`isd-team-0000`, `amb-team-0000`, `lkd-team-0000`, `cil-team-0000`,
 * `knp-team-0000`), plus one Deployment per service (the library renders no
 * workloads; the audit needs pods to judge), written as one multi-document
 * YAML file per namespace, the way `cdk8s synth` with a chart per namespace
 * writes them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { stringify } from 'yaml';
import { BENCH_TODAY, buildLibraryApp, Engine, ENGINES } from './generate';
import { LinearSynth } from '../src/synth/linear-synth';

/** Namespace prefix per engine (keeps the five apps apart in one cluster). */
const PREFIX: Record<Engine, string> = {
  'istio-sidecar': 'isd',
  'istio-ambient': 'amb',
  'linkerd': 'lkd',
  'none-cilium': 'cil',
  'none-networkpolicy': 'knp',
};

/** Objects per service in the generated input, measured (library output + one Deployment). */
const OBJECTS_PER_SERVICE = 9.8;

/** What was written. */
export interface AuditInput {
  readonly dir: string;
  readonly objects: number;
  readonly files: number;
  readonly bytes: number;
  readonly services: number;
  readonly namespaces: number;
}

/** A Deployment for a service (restricted Pod Security, ports as the Service's). */
function deployment(svc: any, serviceAccount: string | undefined, index: number): any {
  const ports = (svc.spec?.ports ?? []).map((p: any) => ({ name: String(p.name).slice(0, 15), containerPort: p.targetPort ?? p.port, protocol: 'TCP' }));
  const env: any[] = [
    { name: 'LOG_LEVEL', value: 'info' },
    { name: 'UPSTREAM_URL', value: `http://${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local:8080` },
    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${svc.metadata.name}-db`, key: 'password' } } },
  ];
  // Every 50th service carries a literal credential: the audit has findings to report.
  if (index % 50 === 7) env.push({ name: 'API_TOKEN', value: 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8' });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels: { ...svc.metadata.labels } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { ...svc.spec.selector } },
      template: {
        metadata: { labels: { ...svc.spec.selector } },
        spec: {
          serviceAccountName: serviceAccount,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'app',
            image: `registry.example.com/${svc.metadata.namespace}/${svc.metadata.name}@sha256:${'0123456789abcdef'.repeat(4)}`,
            ports,
            env,
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
            livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
          }],
        },
      },
    },
  };
}

/** Services per engine for about `objects` objects in all. */
export function servicesForObjects(objects: number): number {
  return Math.max(1, Math.round(objects / OBJECTS_PER_SERVICE / ENGINES.length));
}

/**
 * Writes the input for about `objects` objects to `dir` (emptied first):
 * `servicesForObjects(objects)` services on each of the five engines.
 */
export function writeAuditInput(objects: number, dir: string): AuditInput {
  process.env.ZERO_TRUST_TODAY = BENCH_TODAY;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const services = servicesForObjects(objects);
  let count = 0;
  let bytes = 0;
  let files = 0;
  let namespaces = 0;
  ENGINES.forEach(engine => {
    const app = new App({ outdir: path.join(dir, '.unused') });
    buildLibraryApp(app, services, engine, 'single-chart');
    // One engine's app, its namespaces renamed so the five apps do not collide.
    const manifests: any[] = JSON.parse(JSON.stringify(LinearSynth.manifestsPerChart(app).flat()).replace(/team-(\d{4})/g, `${PREFIX[engine]}-team-$1`));
    const sas = new Set(manifests.filter(m => m.kind === 'ServiceAccount').map(m => `${m.metadata.namespace}/${m.metadata.name}`));
    const byNs = new Map<string, any[]>();
    let i = 0;
    for (const m of manifests) {
      const ns = m.kind === 'Namespace' ? m.metadata.name : (m.metadata?.namespace ?? '_cluster');
      const list = byNs.get(ns) ?? [];
      list.push(m);
      if (m.kind === 'Service' && m.spec?.selector) {
        const sa = sas.has(`${ns}/${m.metadata.name}`) ? m.metadata.name : undefined;
        list.push(deployment(m, sa, i++));
      }
      byNs.set(ns, list);
    }
    for (const [ns, list] of byNs) {
      const text = list.map(o => stringify(o, { lineWidth: 0 })).join('---\n');
      fs.writeFileSync(path.join(dir, `${ns}.k8s.yaml`), text);
      bytes += Buffer.byteLength(text);
      count += list.length;
      files++;
      if (ns !== '_cluster') namespaces++;
    }
  });
  fs.rmSync(path.join(dir, '.unused'), { recursive: true, force: true });
  return { dir, objects: count, files, bytes, services: services * ENGINES.length, namespaces };
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 20000);
  const dir = process.argv[3] ?? path.join(__dirname, 'out', `audit-input-${n}`);
  const r = writeAuditInput(n, dir);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
