// The one import of chevrotain. Its package entry loads lodash-es as some 650
// ES modules, which cost `aeganc check` most of a second before any work; the
// single-file build the package ships beside it is the same library and loads
// in a fraction of that. The package exports only its entry, so the file is
// found next to it.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as Api from 'chevrotain';

export type { CstElement, CstNode, ILexerConfig, ILexingError, IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from 'chevrotain';

const entry = createRequire(import.meta.url).resolve('chevrotain');
const chevrotain = (await import(new URL('../chevrotain.min.mjs', pathToFileURL(entry)).href)) as typeof Api;

export const { CstParser, EMPTY_ALT, EOF, Lexer, createToken, createTokenInstance, tokenLabel, tokenMatcher } = chevrotain;
