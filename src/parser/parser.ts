// The grammar of .aegan as a Chevrotain CstParser, and nothing else: the AST
// is built by buildAst.ts, error messages come from syntaxErrorMessages.ts, and
// parse.ts feeds it one top-level declaration at a time (see
// splitDeclarations.ts), which is what `sourceFile` in grammar/aegan.ebnf means:
//
//   sourceFile = [ declaration { SEP declaration } ] EOF
//
// SEP is a line break or `;`. newlines.ts has already dropped the line breaks
// that do not end a statement, made every run of separators one SEP, and
// dropped the SEPs right after `{` and right before `}`.

import { CstParser, EMPTY_ALT, EOF } from './chevrotain.js';
import { Expected, syntaxErrorMessages } from './syntaxErrorMessages.js';
import {
  AdditiveOperator,
  allTokens,
  Arrow,
  Batch,
  Caret,
  Checkpoint,
  Class,
  Colon,
  Comma,
  Data,
  DotDot,
  Ema,
  Epochs,
  Equals,
  Eval,
  Every,
  From,
  Identifier,
  Init,
  Latent,
  LBrace,
  LBracket,
  Let,
  Loss,
  LParen,
  Maximize,
  Minimize,
  Minus,
  Model,
  MultiplicativeOperator,
  Network,
  NumberLiteral,
  Over,
  Param,
  Pipe,
  RBrace,
  RBracket,
  Repeat,
  RParen,
  Sample,
  Scale,
  Seed,
  Separator,
  Step,
  Steps,
  StringLiteral,
  Tilde,
  Train,
  With,
} from './tokens.js';

export class AeganParser extends CstParser {
  /**
   * `validate` runs chevrotain's grammar validations (ambiguities, left
   * recursion) while the parser is built. They cost ~40 ms of every CLI start
   * and can only fail when the grammar itself changes, so the shipped parser
   * skips them and test/parser/grammarValidation.test.ts runs them.
   */
  constructor(options: { validate?: boolean } = {}) {
    super([...allTokens], {
      recoveryEnabled: true,
      nodeLocationTracking: 'full',
      maxLookahead: 2,
      skipValidations: !options.validate,
      errorMessageProvider: syntaxErrorMessages,
    });
    this.performSelfAnalysis();
  }

  // ───────────────────────────── declarations ─────────────────────────────

  /**
   * declaration = modelDecl | paramDecl | dataDecl | latentDecl
   *             | networkDecl | letDecl | lossDecl | trainDecl
   */
  public readonly declaration = this.RULE('declaration', () => {
    this.OR({
      ERR_MSG: Expected.declaration,
      DEF: [
        { ALT: () => this.SUBRULE(this.modelDecl) },
        { ALT: () => this.SUBRULE(this.paramDecl) },
        { ALT: () => this.SUBRULE(this.dataDecl) },
        { ALT: () => this.SUBRULE(this.latentDecl) },
        { ALT: () => this.SUBRULE(this.networkDecl) },
        { ALT: () => this.SUBRULE(this.letDecl) },
        { ALT: () => this.SUBRULE(this.lossDecl) },
        { ALT: () => this.SUBRULE(this.trainDecl) },
      ],
    });
  });

  /** modelDecl = "model" NAME */
  private readonly modelDecl = this.RULE('modelDecl', () => {
    this.CONSUME(Model);
    this.CONSUME(Identifier, { LABEL: 'name' });
  });

  /** paramDecl = "param" NAME "=" expression */
  private readonly paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(Param);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  /** dataDecl = "data" dataField { "," dataField } "from" call [ "scale" range ] */
  private readonly dataDecl = this.RULE('dataDecl', () => {
    this.CONSUME(Data);
    this.SUBRULE(this.dataField);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.dataField);
    });
    this.CONSUME(From);
    this.SUBRULE(this.call);
    this.OPTION(() => {
      this.CONSUME(Scale);
      this.SUBRULE(this.range);
    });
  });

  /** dataField = NAME ":" typeExpr */
  private readonly dataField = this.RULE('dataField', () => {
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Colon);
    this.SUBRULE(this.typeExpr);
  });

  /** range = expression ".." expression */
  private readonly range = this.RULE('range', () => {
    this.SUBRULE(this.expression, { LABEL: 'low' });
    this.CONSUME(DotDot);
    this.SUBRULE2(this.expression, { LABEL: 'high' });
  });

  /** latentDecl = "latent" NAME ":" typeExpr "~" call */
  private readonly latentDecl = this.RULE('latentDecl', () => {
    this.CONSUME(Latent);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Colon);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(Tilde);
    this.SUBRULE(this.call);
  });

  /**
   * networkDecl = "network" NAME "(" [ networkInput { "," networkInput } [ "," ] ] ")"
   *               "->" networkOutput [ "init" nameOrCall ] networkBody
   */
  private readonly networkDecl = this.RULE('networkDecl', () => {
    this.CONSUME(Network);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.networkInput);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.networkInput);
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RParen);
    this.CONSUME(Arrow);
    this.SUBRULE(this.networkOutput);
    this.OPTION3(() => {
      this.CONSUME(Init);
      this.SUBRULE(this.nameOrCall, { LABEL: 'init' });
    });
    this.SUBRULE(this.networkBody);
  });

  /** networkInput = NAME ":" typeExpr */
  private readonly networkInput = this.RULE('networkInput', () => {
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Colon);
    this.SUBRULE(this.typeExpr);
  });

  /** networkOutput = shapeType | "(" namedOutput { "," namedOutput } [ "," ] ")" */
  private readonly networkOutput = this.RULE('networkOutput', () => {
    this.OR({
      ERR_MSG: 'an output shape',
      DEF: [
        { ALT: () => this.SUBRULE(this.shapeType) },
        {
          ALT: () => {
            this.CONSUME(LParen);
            this.SUBRULE(this.namedOutput);
            this.MANY(() => {
              this.CONSUME(Comma);
              this.SUBRULE2(this.namedOutput);
            });
            this.OPTION(() => this.CONSUME2(Comma));
            this.CONSUME(RParen);
          },
        },
      ],
    });
  });

  /** namedOutput = NAME ":" shapeType */
  private readonly namedOutput = this.RULE('namedOutput', () => {
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Colon);
    this.SUBRULE(this.shapeType);
  });

  /** networkBody = "{" { networkStatement } "}" */
  private readonly networkBody = this.RULE('networkBody', () => {
    this.CONSUME(LBrace);
    this.MANY(() => this.SUBRULE(this.networkStatement));
    this.CONSUME(RBrace);
  });

  /** networkStatement = [ NAME "=" ] nameOrCall { "|>" nameOrCall } statementEnd */
  private readonly networkStatement = this.RULE('networkStatement', () => {
    this.OPTION(() => {
      this.CONSUME(Identifier, { LABEL: 'target' });
      this.CONSUME(Equals);
    });
    this.SUBRULE(this.nameOrCall, { LABEL: 'stage' });
    this.MANY(() => {
      this.CONSUME(Pipe);
      this.SUBRULE2(this.nameOrCall, { LABEL: 'stage' });
    });
    this.SUBRULE(this.statementEnd);
  });

  /**
   * statementEnd = SEP | &"}"
   *
   * Each statement of a block owns its end, so that after a syntax error
   * Chevrotain re-synchronises at the start of the next statement and reports
   * the errors of later statements too.
   */
  private readonly statementEnd = this.RULE('statementEnd', () => {
    this.OR({
      ERR_MSG: 'end of line',
      DEF: [
        { ALT: () => this.CONSUME(Separator) },
        // At the end of the input the `}` is missing: the block reports that.
        { GATE: () => this.LA(1).tokenType === RBrace || this.LA(1).tokenType === EOF, ALT: EMPTY_ALT() },
      ],
    });
  });

  /** letDecl = "let" ( NAME | "(" NAME { "," NAME } [ "," ] ")" ) "=" expression */
  private readonly letDecl = this.RULE('letDecl', () => {
    this.CONSUME(Let);
    this.OR({
      ERR_MSG: 'a name or `(`',
      DEF: [
        { ALT: () => this.CONSUME(Identifier, { LABEL: 'name' }) },
        {
          ALT: () => {
            this.CONSUME(LParen);
            this.CONSUME2(Identifier, { LABEL: 'name' });
            this.MANY(() => {
              this.CONSUME(Comma);
              this.CONSUME3(Identifier, { LABEL: 'name' });
            });
            this.OPTION(() => this.CONSUME2(Comma));
            this.CONSUME(RParen);
          },
        },
      ],
    });
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  /** lossDecl = "loss" NAME "=" expression */
  private readonly lossDecl = this.RULE('lossDecl', () => {
    this.CONSUME(Loss);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  /** trainDecl = "train" "{" { trainItem } "}" */
  private readonly trainDecl = this.RULE('trainDecl', () => {
    this.CONSUME(Train);
    this.CONSUME(LBrace);
    this.MANY(() => this.SUBRULE(this.trainItem));
    this.CONSUME(RBrace);
  });

  // ───────────────────────────── train items ─────────────────────────────

  /** trainItem = ( stepItem | settingItem | emaItem | sampleItem | checkpointItem | evalItem ) statementEnd */
  private readonly trainItem = this.RULE('trainItem', () => {
    this.OR({
      ERR_MSG: Expected.trainItem,
      DEF: [
        { ALT: () => this.SUBRULE(this.stepItem) },
        { ALT: () => this.SUBRULE(this.settingItem) },
        { ALT: () => this.SUBRULE(this.emaItem) },
        { ALT: () => this.SUBRULE(this.sampleItem) },
        { ALT: () => this.SUBRULE(this.checkpointItem) },
        { ALT: () => this.SUBRULE(this.evalItem) },
      ],
    });
    this.SUBRULE(this.statementEnd);
  });

  /**
   * stepItem = "step" NAME ":" ( "minimize" | "maximize" ) expression
   *            "over" NAME { "," NAME } "with" call [ "repeat" expression ]
   */
  private readonly stepItem = this.RULE('stepItem', () => {
    this.CONSUME(Step);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Colon);
    this.OR({
      ERR_MSG: '`minimize` or `maximize`',
      DEF: [
        { ALT: () => this.CONSUME(Minimize, { LABEL: 'direction' }) },
        { ALT: () => this.CONSUME(Maximize, { LABEL: 'direction' }) },
      ],
    });
    this.SUBRULE(this.expression, { LABEL: 'objective' });
    this.CONSUME(Over);
    this.CONSUME2(Identifier, { LABEL: 'over' });
    this.MANY(() => {
      this.CONSUME(Comma);
      this.CONSUME3(Identifier, { LABEL: 'over' });
    });
    this.CONSUME(With);
    this.SUBRULE(this.call, { LABEL: 'optimizer' });
    this.OPTION(() => {
      this.CONSUME(Repeat);
      this.SUBRULE2(this.expression, { LABEL: 'repeat' });
    });
  });

  /** settingItem = ( "batch" | "epochs" | "steps" | "seed" ) expression */
  private readonly settingItem = this.RULE('settingItem', () => {
    this.OR([
      { ALT: () => this.CONSUME(Batch, { LABEL: 'setting' }) },
      { ALT: () => this.CONSUME(Epochs, { LABEL: 'setting' }) },
      { ALT: () => this.CONSUME(Steps, { LABEL: 'setting' }) },
      { ALT: () => this.CONSUME(Seed, { LABEL: 'setting' }) },
    ]);
    this.SUBRULE(this.expression);
  });

  /** emaItem = "ema" NAME expression */
  private readonly emaItem = this.RULE('emaItem', () => {
    this.CONSUME(Ema);
    this.CONSUME(Identifier, { LABEL: 'network' });
    this.SUBRULE(this.expression);
  });

  /** sampleItem = "sample" expression "every" expression */
  private readonly sampleItem = this.RULE('sampleItem', () => {
    this.CONSUME(Sample);
    this.SUBRULE(this.expression, { LABEL: 'value' });
    this.CONSUME(Every);
    this.SUBRULE2(this.expression, { LABEL: 'every' });
  });

  /** checkpointItem = "checkpoint" "every" expression */
  private readonly checkpointItem = this.RULE('checkpointItem', () => {
    this.CONSUME(Checkpoint);
    this.CONSUME(Every);
    this.SUBRULE(this.expression);
  });

  /** evalItem = "eval" [ heldOutSource { "," heldOutSource } ] "every" expression */
  private readonly evalItem = this.RULE('evalItem', () => {
    this.CONSUME(Eval);
    // Two tokens tell `x from …` from `every N`: `every` is a name too.
    this.OPTION({
      GATE: () => this.LA(2).tokenType === From,
      DEF: () => {
        this.SUBRULE(this.heldOutSource);
        this.MANY(() => {
          this.CONSUME(Comma);
          this.SUBRULE2(this.heldOutSource);
        });
      },
    });
    this.CONSUME(Every);
    this.SUBRULE(this.expression, { LABEL: 'every' });
  });

  /** heldOutSource = NAME "from" call */
  private readonly heldOutSource = this.RULE('heldOutSource', () => {
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(From);
    this.SUBRULE(this.call);
  });

  // ───────────────────────────── types ─────────────────────────────

  /** typeExpr = shapeType | classType */
  private readonly typeExpr = this.RULE('typeExpr', () => {
    this.OR({
      ERR_MSG: 'a shape `[…]` or `class[K]`',
      DEF: [{ ALT: () => this.SUBRULE(this.shapeType) }, { ALT: () => this.SUBRULE(this.classType) }],
    });
  });

  /** shapeType = list */
  private readonly shapeType = this.RULE('shapeType', () => {
    this.SUBRULE(this.list);
  });

  /** classType = "class" "[" expression "]" */
  private readonly classType = this.RULE('classType', () => {
    this.CONSUME(Class);
    this.CONSUME(LBracket);
    this.SUBRULE(this.expression);
    this.CONSUME(RBracket);
  });

  // ───────────────────────────── expressions ─────────────────────────────

  /** expression = term { ( "+" | "-" ) term } */
  private readonly expression = this.RULE('expression', () => {
    this.SUBRULE(this.term, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(AdditiveOperator, { LABEL: 'operator' });
      this.SUBRULE2(this.term, { LABEL: 'operand' });
    });
  });

  /** term = factor { ( "*" | "/" ) factor } */
  private readonly term = this.RULE('term', () => {
    this.SUBRULE(this.factor, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(MultiplicativeOperator, { LABEL: 'operator' });
      this.SUBRULE2(this.factor, { LABEL: 'operand' });
    });
  });

  /**
   * factor = "-" factor | power
   *
   * Unary minus binds looser than `^`, as in Python: `-x^2` is `-(x^2)`.
   */
  private readonly factor = this.RULE('factor', () => {
    this.OR({
      ERR_MSG: 'an expression',
      DEF: [
        {
          ALT: () => {
            this.CONSUME(Minus);
            this.SUBRULE(this.factor);
          },
        },
        { ALT: () => this.SUBRULE(this.power) },
      ],
    });
  });

  /** power = primary [ "^" factor ]   (right-associative: `a^b^c` is `a^(b^c)`) */
  private readonly power = this.RULE('power', () => {
    this.SUBRULE(this.primary, { LABEL: 'base' });
    this.OPTION(() => {
      this.CONSUME(Caret);
      this.SUBRULE(this.factor, { LABEL: 'exponent' });
    });
  });

  /** primary = NUMBER | STRING | nameOrCall | "(" expression ")" | list */
  private readonly primary = this.RULE('primary', () => {
    this.OR({
      ERR_MSG: 'an expression',
      DEF: [
        { ALT: () => this.CONSUME(NumberLiteral) },
        { ALT: () => this.CONSUME(StringLiteral) },
        { ALT: () => this.SUBRULE(this.nameOrCall) },
        {
          ALT: () => {
            this.CONSUME(LParen);
            this.SUBRULE(this.expression);
            this.CONSUME(RParen);
          },
        },
        { ALT: () => this.SUBRULE(this.list) },
      ],
    });
  });

  /** list = "[" [ expression { "," expression } [ "," ] ] "]" */
  private readonly list = this.RULE('list', () => {
    this.CONSUME(LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression, { LABEL: 'item' });
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.expression, { LABEL: 'item' });
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RBracket);
  });

  /** nameOrCall = NAME [ callArguments ] */
  private readonly nameOrCall = this.RULE('nameOrCall', () => {
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.OPTION(() => this.SUBRULE(this.callArguments));
  });

  /** call = NAME callArguments */
  private readonly call = this.RULE('call', () => {
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.SUBRULE(this.callArguments);
  });

  /**
   * callArguments = "(" [ argument { "," argument } [ "," ] ] ")"
   *
   * Positional and keyword arguments are accepted in any order; the checker
   * says which order it wants, with a better message than a parser could.
   */
  private readonly callArguments = this.RULE('callArguments', () => {
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.argument);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.argument);
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RParen);
  });

  /** argument = [ NAME ":" ] expression */
  private readonly argument = this.RULE('argument', () => {
    this.OPTION(() => {
      this.CONSUME(Identifier, { LABEL: 'name' });
      this.CONSUME(Colon);
    });
    this.SUBRULE(this.expression, { LABEL: 'value' });
  });
}
