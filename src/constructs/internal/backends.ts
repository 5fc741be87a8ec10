/*
 * The identity and secret backends (SPIRE, External Secrets), loaded on first
 * use (issue 19). They are not selectable policy engines: the network and mesh
 * engines load through the engine registry (src/engines/registry.ts). The
 * `typeof import(...)` types keep every call checked.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { lazy } from '../../shared/lazy';

export const esoRender = lazy((): typeof import('../../backends/eso/render') => require('../../backends/eso/render'));
export const spireWorkload = lazy((): typeof import('../../backends/spire/workload') => require('../../backends/spire/workload'));
export const spireServer = lazy((): typeof import('../../backends/spire/server') => require('../../backends/spire/server'));
export const spireAgent = lazy((): typeof import('../../backends/spire/agent') => require('../../backends/spire/agent'));
export const spireNetwork = lazy((): typeof import('../../backends/spire/network') => require('../../backends/spire/network'));
