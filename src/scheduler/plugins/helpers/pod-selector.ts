// Label selectors over pods (metav1.LabelSelector), reusing the API server's matcher.
import { fromLabelSelectorObject, matches, type LabelSelectorObject } from '../../../apiserver/selectors/labels.js';

/** A matcher for a metav1.LabelSelector; a null selector matches nothing, `{}` everything. */
export function labelSelectorMatcher(sel: LabelSelectorObject | undefined | null): (labels: Record<string, string> | undefined) => boolean {
  if (!sel) return () => false;
  try {
    const reqs = fromLabelSelectorObject(sel);
    return (labels) => matches(reqs, labels);
  } catch {
    return () => false;
  }
}
