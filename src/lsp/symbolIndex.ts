// Every declared name of a file with the place it is declared and every place
// it is used: what go-to-definition, find-references, rename and hover share.
// Built from the AST alone, so it also works on a file the checker rejects.

import type {
  CallExpr, Declaration, Expr, Identifier, NameExpr, NetworkDecl, SourceFile, Span, TrainDecl, TypeExpr,
} from '../parser/ast.js';

export type SymbolKind = 'model' | 'param' | 'data' | 'latent' | 'network' | 'let' | 'loss' | 'step' | 'input' | 'output' | 'value';

export interface SymbolEntry {
  readonly name: string;
  readonly kind: SymbolKind;
  /** The identifier that declares it. */
  readonly declaration: Span;
  /** The whole declaration (for the outline). */
  readonly declarationSpan: Span;
  /** The declaration node it comes from. */
  readonly decl: Declaration;
  /** The network whose body it lives in; undefined for the file's global names and steps. */
  readonly network?: string;
  /** Every other occurrence of the name that means this symbol. */
  readonly references: Span[];
}

export interface Occurrence {
  readonly symbol: SymbolEntry;
  readonly span: Span;
}

export class SymbolIndex {
  readonly symbols: SymbolEntry[] = [];
  /** Every occurrence (declarations too), in no particular order. */
  readonly occurrences: Occurrence[] = [];

  add(entry: Omit<SymbolEntry, 'references'>): SymbolEntry {
    const symbol: SymbolEntry = { ...entry, references: [] };
    this.symbols.push(symbol);
    this.occurrences.push({ symbol, span: entry.declaration });
    return symbol;
  }

  reference(symbol: SymbolEntry, span: Span): void {
    symbol.references.push(span);
    this.occurrences.push({ symbol, span });
  }

  /** The occurrence under `offset`; a cursor just after a name still counts. */
  at(offset: number): Occurrence | undefined {
    return this.occurrences.find((o) => o.span.start.offset <= offset && offset <= o.span.end.offset);
  }

  /** The symbols visible at top level (global names), first declaration of each name. */
  globals(): SymbolEntry[] {
    return this.symbols.filter((s) => s.network === undefined && s.kind !== 'step' && s.kind !== 'model');
  }
}

/** Builds the index: global names first (they are visible everywhere), then every use. */
export function buildSymbolIndex(file: SourceFile): SymbolIndex {
  const index = new SymbolIndex();
  const globals = new Map<string, SymbolEntry>();
  const declareGlobal = (id: Identifier, kind: SymbolKind, decl: Declaration) => {
    const symbol = index.add({ name: id.name, kind, declaration: id.span, declarationSpan: decl.span, decl });
    // A name declared twice means its first declaration, as in the checker.
    if (!globals.has(id.name)) globals.set(id.name, symbol);
  };
  for (const decl of file.declarations) {
    switch (decl.kind) {
      case 'ModelDecl': index.add({ name: decl.name.name, kind: 'model', declaration: decl.name.span, declarationSpan: decl.span, decl }); break;
      case 'ParamDecl': declareGlobal(decl.name, 'param', decl); break;
      case 'DataDecl': decl.fields.forEach((f) => declareGlobal(f.name, 'data', decl)); break;
      case 'LatentDecl': declareGlobal(decl.name, 'latent', decl); break;
      case 'NetworkDecl': declareGlobal(decl.name, 'network', decl); break;
      case 'LetDecl': decl.names.forEach((n) => declareGlobal(n, 'let', decl)); break;
      case 'LossDecl': declareGlobal(decl.name, 'loss', decl); break;
      case 'TrainDecl': break;
    }
  }

  const walker = new ReferenceWalker(index, globals);
  for (const decl of file.declarations) walker.declaration(decl);
  return index;
}

class ReferenceWalker {
  /** The names bound in the network body being walked. */
  private locals = new Map<string, SymbolEntry>();

  constructor(
    private readonly index: SymbolIndex,
    private readonly globals: ReadonlyMap<string, SymbolEntry>,
  ) {}

  declaration(decl: Declaration): void {
    switch (decl.kind) {
      case 'ModelDecl': return;
      case 'ParamDecl': return this.expr(decl.value);
      case 'DataDecl':
        decl.fields.forEach((f) => this.type(f.type));
        this.args(decl.source);
        if (decl.scale) this.expr(decl.scale);
        return;
      case 'LatentDecl':
        this.type(decl.type);
        return this.args(decl.distribution);
      case 'NetworkDecl': return this.network(decl);
      case 'LetDecl':
      case 'LossDecl':
        return this.expr(decl.value);
      case 'TrainDecl': return this.train(decl);
    }
  }

  private network(decl: NetworkDecl): void {
    this.locals = new Map();
    const local = (id: Identifier, kind: SymbolKind) => {
      const existing = this.locals.get(id.name);
      if (existing) return this.index.reference(existing, id.span);
      this.locals.set(id.name, this.index.add({ name: id.name, kind, declaration: id.span, declarationSpan: id.span, decl, network: decl.name.name }));
    };
    for (const input of decl.inputs) {
      this.type(input.type);
      local(input.name, 'input');
    }
    if (decl.output.kind === 'SingleOutput') this.type(decl.output.shape);
    else for (const output of decl.output.outputs) {
      this.type(output.shape);
      local(output.name, 'output');
    }
    if (decl.init?.kind === 'Call') this.args(decl.init);
    for (const statement of decl.body) {
      // Stages read names bound earlier; the target is bound after them.
      for (const stage of statement.stages) {
        if (stage.kind === 'Name') this.name(stage);
        else this.layerCall(stage);
      }
      if (statement.target) local(statement.target, 'value');
    }
    this.locals = new Map();
  }

  /** A layer's callee is never a declared name; `spectral_norm(conv2d(…))` nests one. */
  private layerCall(call: CallExpr): void {
    for (const arg of call.args) {
      if (arg.value.kind === 'Call') this.layerCall(arg.value);
      else this.expr(arg.value);
    }
  }

  private train(decl: TrainDecl): void {
    const steps = new Map<string, SymbolEntry>();
    for (const item of decl.items) {
      switch (item.kind) {
        case 'StepItem': {
          if (!steps.has(item.name.name)) {
            steps.set(item.name.name, this.index.add({ name: item.name.name, kind: 'step', declaration: item.name.span, declarationSpan: item.span, decl }));
          }
          this.expr(item.objective);
          item.over.forEach((id) => this.identifier(id));
          this.args(item.optimizer);
          if (item.repeat) this.expr(item.repeat);
          break;
        }
        case 'SettingItem': this.expr(item.value); break;
        case 'EmaItem': this.identifier(item.network); this.expr(item.decay); break;
        case 'SampleItem': this.expr(item.value); this.expr(item.every); break;
        case 'CheckpointItem': this.expr(item.every); break;
        case 'EvalItem': item.heldOut.forEach((h) => { this.identifier(h.name); this.args(h.source); }); this.expr(item.every); break;
      }
    }
  }

  private type(type: TypeExpr): void {
    if (type.kind === 'ShapeType') type.dims.forEach((d) => this.expr(d));
    else this.expr(type.classes);
  }

  private args(call: CallExpr): void {
    call.args.forEach((a) => this.expr(a.value));
  }

  private expr(expr: Expr): void {
    switch (expr.kind) {
      case 'Name': return this.name(expr);
      case 'Call':
        // `G(z)`: the callee is a network; `mse(…)` names a built-in, not a symbol.
        this.identifier(expr.callee);
        return this.args(expr);
      case 'Binary': this.expr(expr.left); return this.expr(expr.right);
      case 'Unary': return this.expr(expr.operand);
      case 'List': return expr.items.forEach((i) => this.expr(i));
      case 'Range': this.expr(expr.low); return this.expr(expr.high);
      default: return;
    }
  }

  private name(name: NameExpr | Identifier): void {
    const symbol = this.locals.get(name.name) ?? this.globals.get(name.name);
    if (symbol) this.index.reference(symbol, name.span);
  }

  private identifier(id: Identifier): void {
    this.name(id);
  }
}
