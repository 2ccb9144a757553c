export * from './resourceNames.js';
export * from './stackSettings.js';
