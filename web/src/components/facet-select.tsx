import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** One facet of a list as a labelled menu: every value with how many items have it. */
export function FacetSelect({
  label,
  values,
  chosen,
  nameOf,
  onChoose,
}: {
  label: string;
  values: { value: string; count: number }[];
  chosen: string | undefined;
  nameOf: (value: string) => string;
  onChoose: (value: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={chosen ?? ''}
        onChange={(event) => onChoose(event.target.value || undefined)}
      >
        <option value="">{t('items.any')}</option>
        {values.map(({ value, count }) => (
          <option key={value} value={value}>
            {t('items.valueCount', { name: nameOf(value), count })}
          </option>
        ))}
      </select>
    </div>
  );
}
