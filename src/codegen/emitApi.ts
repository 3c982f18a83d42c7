// The typed API of a generated module, in order: its exported types
// (./api/apiTypes.ts), the module-level helpers the class calls
// (./api/apiHelpers.ts), and the model class with `createModel`
// (./api/modelClass.ts). Types are named after the spec's names; the class
// delegates the numerics to the copied TrainingState and network functions.

import { apiContext, type ApiInput, type ApiProperties } from './api/apiContext.js';
import { emitApiTypes } from './api/apiTypes.js';
import { emitApiHelpers } from './api/apiHelpers.js';
import { emitModelClass } from './api/modelClass.js';

export type { ApiInput, ApiNames, Target } from './api/apiContext.js';

export interface ApiCode {
  readonly text: string;
  readonly helpers: ReadonlySet<string>;
  /** The spec's field, loss and param names as the API spells them, for the header. */
  readonly properties: ApiProperties;
}

export function emitApi(input: ApiInput): ApiCode {
  const ctx = apiContext(input);
  const out = [...emitApiTypes(ctx), ...emitApiHelpers(ctx), ...emitModelClass(ctx)];
  return { text: out.join('\n\n'), helpers: ctx.helpers, properties: ctx.properties };
}
