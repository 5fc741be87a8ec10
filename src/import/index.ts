export * from './types';
export * from './importer';
export * from './reachability-diff';
