import type {
  DataDecl, Declaration, Identifier, LatentDecl, LetDecl, LossDecl, ModelDecl, NetworkDecl, ParamDecl, SourceFile, TrainDecl,
} from '../parser/ast.js';
import type { Reporter } from './context.js';
import { isLayerName } from './layers.js';
import { FUNCTION_NAMES } from './elaborateExpressions.js';

/** The file's declarations sorted by kind, with the one global namespace checked. */
export interface Declarations {
  readonly model?: ModelDecl;
  readonly params: readonly ParamDecl[];
  readonly data: readonly DataDecl[];
  readonly latents: readonly LatentDecl[];
  readonly networks: readonly NetworkDecl[];
  readonly lets: readonly LetDecl[];
  readonly losses: readonly LossDecl[];
  readonly train?: TrainDecl;
  /** Every declared name and what declares it, first declaration wins. */
  readonly names: ReadonlyMap<string, { readonly kind: string; readonly id: Identifier }>;
}

const KIND_NAMES: Record<string, string> = {
  ParamDecl: 'param', DataDecl: 'data', LatentDecl: 'latent', NetworkDecl: 'network', LetDecl: 'let', LossDecl: 'loss',
};

function declaredNames(decl: Declaration): readonly Identifier[] {
  switch (decl.kind) {
    case 'ParamDecl': case 'LatentDecl': case 'NetworkDecl': case 'LossDecl': return [decl.name];
    case 'DataDecl': return decl.fields.map((f) => f.name);
    case 'LetDecl': return decl.names;
    default: return [];
  }
}

export function collectDeclarations(file: SourceFile, reporter: Reporter): Declarations {
  const names = new Map<string, { kind: string; id: Identifier }>();
  const result = {
    model: undefined as ModelDecl | undefined,
    params: [] as ParamDecl[], data: [] as DataDecl[], latents: [] as LatentDecl[], networks: [] as NetworkDecl[],
    lets: [] as LetDecl[], losses: [] as LossDecl[], train: undefined as TrainDecl | undefined,
  };
  for (const decl of file.declarations) {
    switch (decl.kind) {
      case 'ModelDecl':
        if (result.model) reporter.report('DuplicateModel', decl.span, { name: result.model.name.name }, { hint: 'a file declares one model; remove this line' });
        else result.model = decl;
        continue;
      case 'TrainDecl':
        if (result.train) reporter.report('SecondTrainBlock', decl.span, { line: result.train.span.start.line }, { hint: 'merge the steps into the first train block' });
        else result.train = decl;
        continue;
      case 'ParamDecl': result.params.push(decl); break;
      case 'DataDecl': result.data.push(decl); break;
      case 'LatentDecl': result.latents.push(decl); break;
      case 'NetworkDecl': result.networks.push(decl); break;
      case 'LetDecl': result.lets.push(decl); break;
      case 'LossDecl': result.losses.push(decl); break;
    }
    for (const id of declaredNames(decl)) {
      const previous = names.get(id.name);
      if (previous) {
        reporter.report('DuplicateDeclaration', id.span, { name: id.name }, {
          hint: `the ${previous.kind} \`${id.name}\` is declared at line ${previous.id.span.start.line}; names are global, so choose another`,
        });
        continue;
      }
      if (isLayerName(id.name) || FUNCTION_NAMES.includes(id.name)) {
        reporter.report('NameShadows', id.span, { name: id.name, what: `the built-in ${isLayerName(id.name) ? 'layer' : 'function'} \`${id.name}\`` }, { hint: 'choose another name' });
      }
      names.set(id.name, { kind: KIND_NAMES[decl.kind]!, id });
    }
  }
  if (!result.train) {
    reporter.report('NoTrainBlock', file.span.end.offset > 0 ? { start: file.span.end, end: file.span.end } : undefined, {}, {
      hint: 'add `train { step s: minimize LOSS over NETWORK with adam(lr: 1e-3) }`',
    });
  }
  return { ...result, names };
}
