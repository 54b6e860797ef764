export * from './mixer-reporter';
export * from './reporter-stats';
export * from './mixer-transport';
export * from './report-queue';
export * from './peer-attributes';
export * from './http-report-attributes';
export * from './tcp-report-attributes';
