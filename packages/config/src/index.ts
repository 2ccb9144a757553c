export * from './defineEnvironment.js';
export * from './environment.js';
export * from './errors.js';
export * from './resourceNames.js';
export * from './stackSettings.js';
