// HorizontalPodAutoscaler strategies: autoscaling/v2 (the stored version) and
// autoscaling/v1 (a view through hpaV1Storage, validated in its v2 form so
// error paths match upstream's internal type).
import type { KubeObject, Strategy } from '../../types.js';
import { asObj, statusHooksFor } from '../apps/helpers.js';
import { hpaV1ToV2 } from './convert.js';
import { defaultHpaV2 } from './defaults.js';
import { validateHpa, validateHpaStatusUpdate, validateHpaUpdate } from './validate.js';

export const hpaV2Strategy: Strategy = {
  defaults: defaultHpaV2,
  ...statusHooksFor({ desiredReplicas: 0 }),
  validate: (obj) => validateHpa(obj),
  validateUpdate: (obj, old) => validateHpaUpdate(obj, old),
  validateStatusUpdate: (obj, old) => validateHpaStatusUpdate(obj, old),
};

const asV2 = (o: KubeObject): KubeObject => hpaV1ToV2(o);

export const hpaV1Strategy: Strategy = {
  defaults(obj) {
    const spec = asObj(obj.spec);
    if (spec && (spec.minReplicas === undefined || spec.minReplicas === null)) spec.minReplicas = 1;
  },
  ...statusHooksFor({ currentReplicas: 0, desiredReplicas: 0 }),
  validate: (obj) => validateHpa(asV2(obj)),
  validateUpdate: (obj, old) => validateHpaUpdate(asV2(obj), asV2(old)),
  validateStatusUpdate: (obj, old) => validateHpaStatusUpdate(asV2(obj), asV2(old)),
};
