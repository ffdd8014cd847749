export * from './files.js';
export * from './yaml-documents.js';
export * from './config-file.js';
