// The curated list of src/index.ts's values, shared by the API's two tests.

/** Every value the package exports (its types are checked in package.test.ts). */
export const PUBLIC_VALUES: readonly string[] = [
  'buildModule',
  'compileSpec',
  'diagnosticToJson',
  'format',
  'generateModule',
  'hasErrors',
  'loadData',
  'parse',
  'plainProgress',
  'printIr',
  'renderDiagnostic',
  'renderDiagnostics',
  'runTraining',
  'selectBackend',
  'sortDiagnostics',
  'writeImageGrid',
];
