// A worker does not inherit tsx's loader: register it, then run the TypeScript helper.
import { register } from 'tsx/esm/api';
register();
await import('./dpHelper.ts');
