export * from './schema-validator';
