import { Formats } from './formats';
import { K8sMeta, K8sNames } from './k8s-meta';
import { Paths } from './paths';
import { Issue, NativeCheck } from './schema-node';
import { labelSelectorMatches } from '../shared/label-selector';

/*
 * Validation the Kubernetes 1.28 API server does in Go code (pkg/apis/*\/validation)
 * for the fields this library produces; the OpenAPI v2 document does not carry it.
 */

const CORE = 'io.k8s.api.core.v1';
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** Enumerations checked in Go, by definition name and property. */
export const NATIVE_ENUMS: Record<string, Record<string, string[]>> = {
  'io.k8s.api.networking.v1.NetworkPolicySpec': { policyTypes: ['Ingress', 'Egress'] },
  'io.k8s.api.networking.v1.NetworkPolicyPort': { protocol: PROTOCOLS },
  [`${CORE}.ContainerPort`]: { protocol: PROTOCOLS },
  [`${CORE}.ServicePort`]: { protocol: PROTOCOLS },
  [`${CORE}.EndpointPort`]: { protocol: PROTOCOLS },
  'io.k8s.api.discovery.v1.EndpointPort': { protocol: PROTOCOLS },
  [`${CORE}.ServiceSpec`]: {
    type: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    sessionAffinity: ['ClientIP', 'None'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    ipFamilyPolicy: ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
    ipFamilies: ['IPv4', 'IPv6'],
  },
  [`${CORE}.Container`]: {
    imagePullPolicy: ['Always', 'Never', 'IfNotPresent'],
    terminationMessagePolicy: ['File', 'FallbackToLogsOnError'],
    restartPolicy: ['Always'],
  },
  [`${CORE}.EphemeralContainer`]: {
    imagePullPolicy: ['Always', 'Never', 'IfNotPresent'],
    terminationMessagePolicy: ['File', 'FallbackToLogsOnError'],
  },
  [`${CORE}.PodSpec`]: {
    restartPolicy: ['Always', 'OnFailure', 'Never'],
    dnsPolicy: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
    preemptionPolicy: ['PreemptLowerPriority', 'Never'],
  },
  [`${CORE}.SeccompProfile`]: { type: ['RuntimeDefault', 'Localhost', 'Unconfined'] },
  [`${CORE}.SecurityContext`]: { procMount: ['Default', 'Unmasked'] },
  [`${CORE}.PodSecurityContext`]: { fsGroupChangePolicy: ['OnRootMismatch', 'Always'] },
  [`${CORE}.HTTPGetAction`]: { scheme: ['HTTP', 'HTTPS'] },
  [`${CORE}.Toleration`]: { operator: ['Exists', 'Equal'], effect: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  [`${CORE}.TopologySpreadConstraint`]: {
    whenUnsatisfiable: ['DoNotSchedule', 'ScheduleAnyway'],
    nodeAffinityPolicy: ['Honor', 'Ignore'],
    nodeTaintsPolicy: ['Honor', 'Ignore'],
  },
  [`${CORE}.NodeSelectorRequirement`]: { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
  [`${CORE}.VolumeMount`]: { mountPropagation: ['None', 'HostToContainer', 'Bidirectional'] },
  [`${CORE}.PersistentVolumeClaimSpec`]: {
    accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
    volumeMode: ['Filesystem', 'Block'],
  },
  [`${CORE}.PodOS`]: { name: ['linux', 'windows'] },
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: ['Recreate', 'RollingUpdate'] },
  'io.k8s.api.apps.v1.StatefulSetSpec': { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy': { type: ['RollingUpdate', 'OnDelete'] },
  'io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy': { whenDeleted: ['Retain', 'Delete'], whenScaled: ['Retain', 'Delete'] },
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy': { type: ['RollingUpdate', 'OnDelete'] },
  'io.k8s.api.batch.v1.CronJobSpec': { concurrencyPolicy: ['Allow', 'Forbid', 'Replace'] },
  'io.k8s.api.batch.v1.JobSpec': { completionMode: ['NonIndexed', 'Indexed'], podReplacementPolicy: ['TerminatingOrFailed', 'Failed'] },
  'io.k8s.api.rbac.v1.Subject': { kind: ['ServiceAccount', 'User', 'Group'] },
};

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const SECRET_REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};
const MAX_SECRET_SIZE = 1024 * 1024;

function obj(v: unknown): Record<string, any> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, any>) : undefined;
}

function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

function push(out: Issue[], path: string, message: string, rule = 'go-validation'): void {
  out.push({ path, rule, message });
}

/** An int port (1-65535) or an IANA service name. */
function portNumOrName(v: unknown, path: string, out: Issue[]): void {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && (v < 1 || v > 65535)) push(out, path, `port ${v} must be between 1 and 65535, inclusive`, v < 1 ? 'minimum' : 'maximum');
  } else if (typeof v === 'string') {
    const p = K8sNames.portName(v);
    if (p) push(out, path, `port name ${JSON.stringify(v)} ${p} (IANA service name)`);
  }
}

function portNumber(v: unknown, path: string, out: Issue[], allowZero = false): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || (allowZero && v === 0)) return;
  if (v < 1 || v > 65535) push(out, path, `port ${v} must be between 1 and 65535, inclusive`, v < 1 ? 'minimum' : 'maximum');
}

function dnsLabelField(v: unknown, path: string, what: string, out: Issue[]): void {
  if (typeof v !== 'string') return;
  const p = K8sNames.dns1123Label(v);
  if (p) push(out, path, `${what} ${JSON.stringify(v)} ${p}`);
}

function labelSelector(v: any, path: string, out: Issue[]): void {
  K8sMeta.checkLabels(v.matchLabels, `${path}.matchLabels`, out);
  arr(v.matchExpressions).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    if (!obj(e)) return;
    if (typeof e.key === 'string') {
      const kp = K8sNames.qualifiedName(e.key);
      if (kp) push(out, `${p}.key`, `label key ${JSON.stringify(e.key)}: ${kp}`, 'metadata');
    }
    const values = arr(e.values);
    if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
      push(out, `${p}.values`, `must be specified when operator is ${e.operator}`, 'required');
    }
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
      push(out, `${p}.values`, `may not be specified when operator is ${e.operator}`);
    }
    values.forEach((x, j) => {
      if (typeof x !== 'string') return;
      const vp = K8sNames.labelValue(x);
      if (vp) push(out, `${p}.values[${j}]`, `label value ${JSON.stringify(x)}: ${vp}`, 'metadata');
    });
  });
}

function dataKeys(data: unknown, path: string, out: Issue[]): number {
  let size = 0;
  for (const [k, v] of Object.entries(obj(data) ?? {})) {
    const p = K8sNames.configMapKey(k);
    if (p) push(out, Paths.child(path, k), `key ${JSON.stringify(k)} ${p}`);
    if (typeof v === 'string') size += k.length + Buffer.byteLength(v);
  }
  return size;
}

function podSpec(v: any, path: string, out: Issue[]): void {
  const containers = arr(v.containers);
  if (Array.isArray(v.containers) && containers.length === 0) push(out, `${path}.containers`, 'at least one container is required', 'required');
  const names = new Set<string>();
  const groups: Array<[string, any[]]> = [['containers', containers], ['initContainers', arr(v.initContainers)], ['ephemeralContainers', arr(v.ephemeralContainers)]];
  for (const [field, list] of groups) {
    list.forEach((c, i) => {
      if (typeof c?.name !== 'string') return;
      if (names.has(c.name)) push(out, `${path}.${field}[${i}].name`, `duplicate container name ${JSON.stringify(c.name)}`);
      names.add(c.name);
    });
  }
  const volumes = new Set<string>();
  arr(v.volumes).forEach((vol, i) => {
    if (typeof vol?.name !== 'string') return;
    if (volumes.has(vol.name)) push(out, `${path}.volumes[${i}].name`, `duplicate volume name ${JSON.stringify(vol.name)}`);
    volumes.add(vol.name);
  });
  for (const [field, list] of groups) {
    list.forEach((c, i) => {
      const mountPaths = new Set<string>();
      arr(c?.volumeMounts).forEach((m, j) => {
        const p = `${path}.${field}[${i}].volumeMounts[${j}]`;
        if (typeof m?.name === 'string' && !volumes.has(m.name)) push(out, `${p}.name`, `volume ${JSON.stringify(m.name)} not found in ${path}.volumes`);
        if (typeof m?.mountPath === 'string') {
          if (mountPaths.has(m.mountPath)) push(out, `${p}.mountPath`, `mountPath ${JSON.stringify(m.mountPath)} must be unique`);
          mountPaths.add(m.mountPath);
        }
      });
    });
  }
}

function container(v: any, path: string, out: Issue[]): void {
  dnsLabelField(v.name, `${path}.name`, 'container name', out);
  if (obj(v.resources)) resources(v.resources, `${path}.resources`, out);
  if (typeof v.image !== 'string' || v.image.length === 0) push(out, `${path}.image`, 'container image is required', 'required');
  const portNames = new Set<string>();
  arr(v.ports).forEach((p, i) => {
    if (typeof p?.name !== 'string') return;
    if (portNames.has(p.name)) push(out, `${path}.ports[${i}].name`, `duplicate port name ${JSON.stringify(p.name)}`);
    portNames.add(p.name);
  });
  arr(v.env).forEach((e, i) => {
    if (typeof e?.name === 'string' && !/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(e.name)) {
      push(out, `${path}.env[${i}].name`, `environment variable name ${JSON.stringify(e.name)} must consist of alphabetic characters, digits, "_", "-" or ".", and must not start with a digit`);
    }
    if (typeof e?.value === 'string' && e.value !== '' && e.valueFrom !== undefined) {
      push(out, `${path}.env[${i}].valueFrom`, 'may not be specified when `value` is not empty');
    }
  });
}

function exactlyOne(v: any, fields: string[], path: string, what: string, out: Issue[]): void {
  const set = fields.filter(f => v[f] !== undefined && v[f] !== null);
  if (set.length === 0) push(out, path, `must specify a ${what} (one of ${fields.join(', ')})`, 'required');
  else if (set.length > 1) push(out, path, `may not specify more than one ${what} (found ${set.join(', ')})`);
}

function resources(v: any, path: string, out: Issue[]): void {
  const limits = obj(v.limits) ?? {};
  const requests = obj(v.requests) ?? {};
  for (const [field, map] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, q] of Object.entries(map)) {
      const p = Paths.child(`${path}.${field}`, name);
      if (!STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-') && !name.includes('/')) {
        push(out, p, `${JSON.stringify(name)} must be a standard resource for containers (cpu, memory, ephemeral-storage, hugepages-*) or a domain-qualified extended resource`);
      }
      const n = Formats.quantityValue(q);
      if (n !== undefined && n < 0) push(out, p, `must be greater than or equal to 0 (is ${q})`, 'minimum');
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    const r = Formats.quantityValue(q);
    const l = Formats.quantityValue(limits[name]);
    if (r !== undefined && l !== undefined && r > l * (1 + 1e-12)) {
      push(out, Paths.child(`${path}.requests`, name), `must be less than or equal to ${name} limit of ${limits[name]} (is ${q})`);
    }
  }
}

function policyRule(v: any, path: string, out: Issue[]): void {
  if (arr(v.verbs).length === 0) push(out, `${path}.verbs`, 'verbs must contain at least one value', 'required');
  if (arr(v.nonResourceURLs).length > 0) {
    if (arr(v.apiGroups).length > 0 || arr(v.resources).length > 0) {
      push(out, `${path}.nonResourceURLs`, 'rules cannot apply to both regular resources and non-resource URLs');
    }
    return;
  }
  if (arr(v.apiGroups).length === 0) push(out, `${path}.apiGroups`, 'resource rules must supply at least one api group ("" for the core group)', 'required');
  if (arr(v.resources).length === 0) push(out, `${path}.resources`, 'resource rules must supply at least one resource', 'required');
}

function serviceSpec(v: any, path: string, out: Issue[]): void {
  const type = v.type ?? 'ClusterIP';
  const ports = arr(v.ports);
  if (ports.length === 0 && v.clusterIP !== 'None' && type !== 'ExternalName') push(out, `${path}.ports`, 'at least one port is required (unless the Service is headless or ExternalName)', 'required');
  if (type === 'ExternalName' && (typeof v.externalName !== 'string' || v.externalName === '')) push(out, `${path}.externalName`, 'externalName is required for type ExternalName', 'required');
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    if (!obj(p)) return;
    const pp = `${path}.ports[${i}]`;
    if (ports.length > 1 && (typeof p.name !== 'string' || p.name === '')) push(out, `${pp}.name`, 'port name is required when a Service has more than one port', 'required');
    if (typeof p.name === 'string' && p.name !== '') {
      if (names.has(p.name)) push(out, `${pp}.name`, `duplicate port name ${JSON.stringify(p.name)}`);
      names.add(p.name);
    }
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (keys.has(key)) push(out, pp, `duplicate port ${key}`);
    keys.add(key);
    if (p.nodePort !== undefined && p.nodePort !== 0 && type !== 'NodePort' && type !== 'LoadBalancer') {
      push(out, `${pp}.nodePort`, `may not be used when type is ${JSON.stringify(type)}`);
    }
  });
  K8sMeta.checkLabels(v.selector, `${path}.selector`, out);
}

function secret(v: any, _path: string, out: Issue[]): void {
  const size = dataKeys(v.data, 'data', out) + dataKeys(v.stringData, 'stringData', out);
  if (size > MAX_SECRET_SIZE) push(out, 'data', `Secret data may not exceed 1MiB (is about ${size} bytes)`, 'maxLength');
  const type = typeof v.type === 'string' ? v.type : 'Opaque';
  const keys = new Set([...Object.keys(obj(v.data) ?? {}), ...Object.keys(obj(v.stringData) ?? {})]);
  for (const k of SECRET_REQUIRED_KEYS[type] ?? []) {
    if (!keys.has(k)) push(out, `data['${k}']`, `key ${JSON.stringify(k)} is required for Secret type ${type}`, 'required');
  }
  if (type === 'kubernetes.io/basic-auth' && !keys.has('username') && !keys.has('password')) {
    push(out, 'data', 'a kubernetes.io/basic-auth Secret must have a username or a password key', 'required');
  }
  if (type === 'kubernetes.io/service-account-token' && !obj(v.metadata?.annotations)?.['kubernetes.io/service-account.name']) {
    push(out, "metadata.annotations['kubernetes.io/service-account.name']", 'is required for a kubernetes.io/service-account-token Secret', 'required');
  }
}

function configMap(v: any, _path: string, out: Issue[]): void {
  const size = dataKeys(v.data, 'data', out) + dataKeys(v.binaryData, 'binaryData', out);
  for (const k of Object.keys(obj(v.binaryData) ?? {})) {
    if (obj(v.data) && Object.prototype.hasOwnProperty.call(v.data, k)) push(out, `binaryData['${k}']`, `key ${JSON.stringify(k)} may not be in both data and binaryData`);
  }
  if (size > MAX_SECRET_SIZE) push(out, 'data', `ConfigMap data may not exceed 1MiB (is about ${size} bytes)`, 'maxLength');
}

function ipBlock(v: any, path: string, out: Issue[]): void {
  if (typeof v.cidr !== 'string') return;
  const outer = Formats.parseCidr(v.cidr);
  if (!outer) {
    push(out, `${path}.cidr`, `${JSON.stringify(v.cidr)} must be a valid CIDR (e.g. 10.0.0.0/16 or fd00::/8)`, 'format');
    return;
  }
  arr(v.except).forEach((e, i) => {
    if (typeof e !== 'string') return;
    const inner = Formats.parseCidr(e);
    const p = `${path}.except[${i}]`;
    if (!inner) return push(out, p, `${JSON.stringify(e)} must be a valid CIDR`, 'format');
    if (!Formats.isStrictSubset(outer, inner)) push(out, p, `${JSON.stringify(e)} must be a strict subset of cidr ${JSON.stringify(v.cidr)}`);
  });
}

/** Go checks by definition name (run after the schema checks of that value). */
export const NATIVE_CHECKS: Record<string, NativeCheck> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': (v, path, out) => K8sMeta.checkObjectMeta(v, path, out),
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': labelSelector,
  [`${CORE}.PodSpec`]: podSpec,
  [`${CORE}.Container`]: container,
  [`${CORE}.ContainerPort`]: (v, path, out) => {
    portNumber(v.containerPort, `${path}.containerPort`, out);
    portNumber(v.hostPort, `${path}.hostPort`, out, true);
    if (typeof v.name === 'string') portNumOrName(v.name, `${path}.name`, out);
  },
  [`${CORE}.ServicePort`]: (v, path, out) => {
    portNumber(v.port, `${path}.port`, out);
    portNumber(v.nodePort, `${path}.nodePort`, out, true);
    if (v.targetPort !== undefined && v.targetPort !== 0 && v.targetPort !== '') portNumOrName(v.targetPort, `${path}.targetPort`, out);
    if (typeof v.name === 'string' && v.name !== '') dnsLabelField(v.name, `${path}.name`, 'port name', out);
  },
  [`${CORE}.ServiceSpec`]: serviceSpec,
  [`${CORE}.HTTPGetAction`]: (v, path, out) => portNumOrName(v.port, `${path}.port`, out),
  [`${CORE}.TCPSocketAction`]: (v, path, out) => portNumOrName(v.port, `${path}.port`, out),
  [`${CORE}.GRPCAction`]: (v, path, out) => portNumber(v.port, `${path}.port`, out),
  [`${CORE}.Probe`]: (v, path, out) => exactlyOne(v, ['exec', 'httpGet', 'tcpSocket', 'grpc'], path, 'probe handler', out),
  [`${CORE}.LifecycleHandler`]: (v, path, out) => exactlyOne(v, ['exec', 'httpGet', 'tcpSocket', 'sleep'], path, 'lifecycle handler', out),
  [`${CORE}.Volume`]: (v, path, out) => {
    dnsLabelField(v.name, `${path}.name`, 'volume name', out);
    const sources = Object.keys(v).filter(k => k !== 'name' && v[k] !== null && v[k] !== undefined);
    if (sources.length === 0) push(out, path, 'must specify a volume type (e.g. emptyDir, configMap, secret, projected)', 'required');
    else if (sources.length > 1) push(out, path, `may not specify more than one volume type (found ${sources.join(', ')})`);
  },
  [`${CORE}.Secret`]: secret,
  [`${CORE}.ConfigMap`]: configMap,
  [`${CORE}.PersistentVolumeClaimSpec`]: (v, path, out) => {
    if (arr(v.accessModes).length === 0) push(out, `${path}.accessModes`, 'at least one access mode is required', 'required');
    if (!v.dataSource && !v.dataSourceRef && obj(v.resources?.requests)?.storage === undefined) {
      push(out, `${path}.resources.requests.storage`, 'a storage request is required', 'required');
    }
  },
  'io.k8s.api.networking.v1.NetworkPolicyPort': (v, path, out) => {
    portNumOrName(v.port, `${path}.port`, out);
    if (v.endPort !== undefined) {
      if (v.port === undefined) push(out, `${path}.port`, 'must be specified when endPort is specified', 'required');
      else if (typeof v.port !== 'number') push(out, `${path}.endPort`, 'may not be specified when port is non-numeric');
      else if (typeof v.endPort === 'number' && v.endPort < v.port) push(out, `${path}.endPort`, `must be greater than or equal to port (${v.port})`, 'minimum');
      portNumber(v.endPort, `${path}.endPort`, out);
    }
  },
  'io.k8s.api.networking.v1.NetworkPolicyPeer': (v, path, out) => {
    const n = ['podSelector', 'namespaceSelector', 'ipBlock'].filter(f => v[f] !== undefined && v[f] !== null).length;
    if (n === 0) push(out, path, 'must specify a peer (podSelector, namespaceSelector or ipBlock)', 'required');
    else if (v.ipBlock && n > 1) push(out, path, 'may not specify both ipBlock and another peer');
  },
  'io.k8s.api.networking.v1.IPBlock': ipBlock,
  'io.k8s.api.rbac.v1.PolicyRule': policyRule,
  'io.k8s.api.rbac.v1.RoleRef': (v, path, out) => {
    if (v.apiGroup !== RBAC_GROUP) push(out, `${path}.apiGroup`, `must be ${JSON.stringify(RBAC_GROUP)}`, 'enum');
    if (v.kind !== 'Role' && v.kind !== 'ClusterRole') push(out, `${path}.kind`, 'must be "Role" or "ClusterRole"', 'enum');
  },
  'io.k8s.api.rbac.v1.Subject': (v, path, out) => {
    if (v.kind === 'ServiceAccount') {
      if (v.apiGroup !== undefined && v.apiGroup !== '') push(out, `${path}.apiGroup`, 'must be "" for kind ServiceAccount', 'enum');
      if (typeof v.name === 'string') {
        const p = K8sNames.dns1123Subdomain(v.name);
        if (p) push(out, `${path}.name`, `service account name ${JSON.stringify(v.name)} ${p}`);
      }
    } else if ((v.kind === 'User' || v.kind === 'Group') && v.apiGroup !== RBAC_GROUP) {
      push(out, `${path}.apiGroup`, `must be ${JSON.stringify(RBAC_GROUP)} for kind ${v.kind}`, 'enum');
    }
  },
};

function template(spec: any, path: string): { meta: any; pod: any; path: string } | undefined {
  const t = obj(spec?.template);
  return t ? { meta: obj(t.metadata) ?? {}, pod: obj(t.spec) ?? {}, path: `${path}.template` } : undefined;
}

function replicatedWorkload(o: any, out: Issue[]): void {
  const spec = obj(o.spec);
  if (!spec) return;
  const t = template(spec, 'spec');
  const sel = obj(spec.selector);
  if (sel) {
    const empty = Object.keys(obj(sel.matchLabels) ?? {}).length === 0 && arr(sel.matchExpressions).length === 0;
    if (empty) push(out, 'spec.selector', 'empty selector is invalid for this workload', 'required');
    else if (t && !labelSelectorMatches(sel, obj(t.meta.labels) ?? {})) push(out, 'spec.template.metadata.labels', '`selector` does not match template `labels`');
  }
  if (t && t.pod.restartPolicy !== undefined && t.pod.restartPolicy !== 'Always') {
    push(out, `${t.path}.spec.restartPolicy`, `unsupported value ${JSON.stringify(t.pod.restartPolicy)}: supported values: "Always"`, 'enum');
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) push(out, 'spec.replicas', 'must be greater than or equal to 0', 'minimum');
}

function jobSpec(spec: any, path: string, out: Issue[]): void {
  if (!spec) return;
  const t = template(spec, path);
  if (t && t.pod.restartPolicy !== 'OnFailure' && t.pod.restartPolicy !== 'Never') {
    push(out, `${t.path}.spec.restartPolicy`, `unsupported value ${JSON.stringify(t.pod.restartPolicy ?? 'Always (default)')}: supported values: "OnFailure", "Never"`, 'enum');
  }
  if (spec.selector !== undefined && spec.manualSelector !== true) {
    push(out, `${path}.selector`, '`selector` will be auto-generated; set manualSelector: true to specify it');
  }
}

function binding(clusterScoped: boolean): (o: any, out: Issue[]) => void {
  return (o, out) => {
    if (clusterScoped && o.roleRef?.kind === 'Role') push(out, 'roleRef.kind', 'a ClusterRoleBinding can only reference a ClusterRole', 'enum');
    arr(o.subjects).forEach((s, i) => {
      if (clusterScoped && s?.kind === 'ServiceAccount' && !s.namespace) {
        push(out, `subjects[${i}].namespace`, 'namespace is required for a ServiceAccount subject of a ClusterRoleBinding', 'required');
      }
    });
  };
}

/** Go checks of whole objects, by "<group>/<kind>". */
export const KIND_CHECKS: Record<string, (o: any, out: Issue[]) => void> = {
  'apps/Deployment': replicatedWorkload,
  'apps/ReplicaSet': replicatedWorkload,
  'apps/StatefulSet': (o, out) => {
    replicatedWorkload(o, out);
    // Volume mounts may name volumeClaimTemplates: the StatefulSet controller adds those volumes to each pod.
    const claims = new Set(arr(obj(o.spec)?.volumeClaimTemplates).map((c: any) => obj(c)?.metadata?.name).filter((n: any) => typeof n === 'string'));
    for (let i = out.length - 1; i >= 0; i--) {
      const m = /^spec\.template\.spec\.(?:initC|c)ontainers\[\d+\]\.volumeMounts\[\d+\]\.name$/.test(out[i].path) ? /^volume "(.*)" not found in /.exec(out[i].message) : null;
      if (m && claims.has(JSON.parse(`"${m[1]}"`))) out.splice(i, 1);
    }
  },
  'apps/DaemonSet': replicatedWorkload,
  'batch/Job': (o, out) => jobSpec(obj(o.spec), 'spec', out),
  'batch/CronJob': (o, out) => {
    const jt = obj(obj(o.spec)?.jobTemplate);
    jobSpec(obj(jt?.spec), 'spec.jobTemplate.spec', out);
    if (typeof o.spec?.schedule === 'string' && o.spec.schedule.trim() === '') push(out, 'spec.schedule', 'schedule is required', 'required');
  },
  'rbac.authorization.k8s.io/Role': (o, out) => arr(o.rules).forEach((r, i) => {
    if (arr(r?.nonResourceURLs).length > 0) push(out, `rules[${i}].nonResourceURLs`, 'namespaced rules cannot apply to non-resource URLs');
  }),
  'rbac.authorization.k8s.io/RoleBinding': binding(false),
  'rbac.authorization.k8s.io/ClusterRoleBinding': binding(true),
};
