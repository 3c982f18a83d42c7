// What every part of a generated module's typed API reads: the IR, the
// module-level names generateModule claimed, the spec's field, loss and param
// names as the API spells them, and the set of copied helpers the API uses.

import type { IrModule } from '../../ir/types.js';
import { NameScope } from '../identifiers.js';
import type { NetworkBinding } from '../emitNetwork.js';

export type Target = 'tfjs' | 'tfjs-node';

/** Module-level names the API refers to (claimed by generateModule). */
export interface ApiNames {
  readonly modelClass: string;
  readonly options: string;
  readonly losses: string;
  readonly batch: string;
  readonly batchFeed: string;
  readonly data: string;
  readonly trainOptions: string;
  readonly inferenceOptions: string;
  readonly sampleOptions: string;
  readonly params: string;
  readonly modelName: string;
  readonly module: string;
  readonly data_: string;
  readonly fieldsOf: string;
  readonly dataTables: string;
  readonly lossesOf: string;
  readonly samples: string;
}

export interface ApiInput {
  readonly ir: IrModule;
  readonly target: Target;
  readonly names: ApiNames;
  readonly networks: readonly NetworkBinding[];
  readonly scope: NameScope;
  /** Data sources read by each `sample` item's expression. */
  readonly sampleSources: readonly ReadonlySet<number>[];
}

/** The spec's field, loss and param names as the API spells them (property names). */
export interface ApiProperties {
  readonly fields: ReadonlyMap<string, string>;
  readonly losses: ReadonlyMap<string, string>;
  readonly params: ReadonlyMap<string, string>;
}

export interface ApiContext extends ApiInput {
  readonly properties: ApiProperties;
  /** Whether the spec declares any data field. */
  readonly hasData: boolean;
  /** Copied helpers the API refers to; each part adds what it uses. */
  readonly helpers: Set<string>;
}

/** Helpers every generated API uses. */
const API_HELPERS = ['TrainingState', 'SourceFeed', 'Tensor', 'toArtifacts', 'fromArtifacts', 'ForwardContext', 'installKernelFixes'];

export function apiContext(input: ApiInput): ApiContext {
  const properties = apiProperties(input.ir);
  return { ...input, properties, hasData: properties.fields.size > 0, helpers: new Set(API_HELPERS) };
}

/** One scope per object type, so `__proto__` and reserved words never appear as property names. */
function apiProperties(ir: IrModule): ApiProperties {
  const fieldScope = NameScope.properties();
  const fields = new Map<string, string>();
  for (const source of ir.data) for (const f of source.fields) fields.set(f.name, fieldScope.claim(f.name));
  const lossScope = NameScope.properties();
  const losses = new Map<string, string>();
  for (const step of ir.train.steps) for (const r of step.reports) if (!losses.has(r.name)) losses.set(r.name, lossScope.claim(r.name));
  const optionScope = NameScope.properties(['seed', 'batch']);
  const params = new Map(ir.params.map((p) => [p.name, optionScope.claim(p.name)] as const));
  return { fields, losses, params };
}
