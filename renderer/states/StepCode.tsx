import { useI18n } from '../use-i18n.ts';
import { stepLabel } from './state-label.ts';

/** A shipment notice's code: a known one in the staff's language (the code as its tooltip), any other as sent. */
export function StepCode({ code }: { code: string }) {
  const { t } = useI18n();
  const label = stepLabel(t, code);
  return label ? (
    <span data-testid="step-code" title={code}>
      {label}
    </span>
  ) : (
    <span data-testid="step-code" className="mono">
      {code}
    </span>
  );
}
