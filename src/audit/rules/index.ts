// The rule registry: one rule per file, in documentation order.
import { ZT_HYG_001 } from './zt-hyg-001';
import { ZT_HYG_002 } from './zt-hyg-002';
import { ZT_HYG_003 } from './zt-hyg-003';
import { ZT_HYG_004 } from './zt-hyg-004';
import { ZT_ID_001 } from './zt-id-001';
import { ZT_ID_002 } from './zt-id-002';
import { ZT_ID_003 } from './zt-id-003';
import { ZT_ID_004 } from './zt-id-004';
import { ZT_ID_005 } from './zt-id-005';
import { ZT_ID_006 } from './zt-id-006';
import { ZT_ID_007 } from './zt-id-007';
import { ZT_ID_008 } from './zt-id-008';
import { ZT_ID_009 } from './zt-id-009';
import { ZT_MTLS_001 } from './zt-mtls-001';
import { ZT_MTLS_002 } from './zt-mtls-002';
import { ZT_MTLS_003 } from './zt-mtls-003';
import { ZT_MTLS_004 } from './zt-mtls-004';
import { ZT_NET_001 } from './zt-net-001';
import { ZT_NET_002 } from './zt-net-002';
import { ZT_NET_003 } from './zt-net-003';
import { ZT_NET_004 } from './zt-net-004';
import { ZT_NET_005 } from './zt-net-005';
import { ZT_NET_006 } from './zt-net-006';
import { ZT_PSS_001 } from './zt-pss-001';
import { ZT_PSS_002 } from './zt-pss-002';
import { ZT_PSS_003 } from './zt-pss-003';
import { ZT_SEC_001 } from './zt-sec-001';
import { ZT_SEC_002 } from './zt-sec-002';
import { ZT_SEC_003 } from './zt-sec-003';
import { ZT_SEC_004 } from './zt-sec-004';
import { ZT_SEC_005 } from './zt-sec-005';
import { RuleDefinition } from '../internal/rule';

/** Rule packs, in documentation order. */
export const PACKS = ['mtls', 'default-deny', 'identity', 'secrets', 'pod-security', 'hygiene'];

/** Every rule. */
export const ALL_RULES: RuleDefinition[] = [
  ZT_MTLS_001, ZT_MTLS_002, ZT_MTLS_003, ZT_MTLS_004,
  ZT_NET_001, ZT_NET_002, ZT_NET_003, ZT_NET_004,
  ZT_NET_005,
  ZT_NET_006,
  ZT_ID_001, ZT_ID_002, ZT_ID_003, ZT_ID_004, ZT_ID_005, ZT_ID_006,
  ZT_ID_007,
  ZT_ID_008,
  ZT_ID_009,
  ZT_SEC_001, ZT_SEC_002, ZT_SEC_003, ZT_SEC_004,
  ZT_PSS_001, ZT_PSS_002, ZT_PSS_003,
  ZT_SEC_005,
  ZT_HYG_001, ZT_HYG_002, ZT_HYG_003, ZT_HYG_004,
];
