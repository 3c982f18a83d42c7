import { generatedSpec } from './generatedSpec.ts';
import { parse } from '../src/parser/parse.ts';
import { checkModuleWithFacts } from '../src/check/checkModule.ts';
import { medianMs } from './machine.ts';
const spec = generatedSpec(511);
const ast = parse(spec, 'a').value!;
console.log('check', medianMs(() => checkModuleWithFacts(ast), 40, 10));
