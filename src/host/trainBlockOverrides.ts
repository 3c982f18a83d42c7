import type { IrModule, Length } from '../ir/types.js';

/** `aeganc train`'s flags that replace train-block settings. */
export interface TrainOverrides {
  readonly steps?: number;
  readonly epochs?: number;
  readonly batch?: number;
  readonly seed?: number;
}

/** The module with the train block's length, batch and seed replaced where the flags say. */
export function applyTrainOverrides(ir: IrModule, overrides: TrainOverrides): IrModule {
  const length: Length =
    overrides.steps !== undefined
      ? { kind: 'steps', iterations: overrides.steps }
      : overrides.epochs !== undefined
        ? { kind: 'epochs', epochs: overrides.epochs }
        : ir.train.length;
  return {
    ...ir,
    train: {
      ...ir.train,
      length,
      batch: overrides.batch ?? ir.train.batch,
      seed: overrides.seed ?? ir.train.seed,
    },
  };
}
