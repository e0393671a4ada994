export * from './centre.js';
export * from './modules.js';
export * from './problem.js';
export * from './roles.js';
export * from './accounts.js';
export * from './cases.js';
