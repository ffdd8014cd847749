export * from './files.js';
export * from './yaml-documents.js';
export * from './config-file.js';
export * from './helm.js';
export * from './kustomize.js';
export * from './render-map.js';
