import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { request } from '../api/client';

interface VocabularyTerm {
  id: string;
  labels: Record<string, string>;
  broader?: string[];
}

/** Terms of a collection's vocabulary to choose from, by id. */
export function TermPicker({
  collection,
  value,
  onChange,
  label,
}: {
  collection: string;
  value: string[];
  onChange: (terms: string[]) => void;
  label: string;
}) {
  const id = useId();
  const vocabulary = useQuery({
    queryKey: ['vocabulary', collection],
    queryFn: ({ signal }) =>
      request<{ terms: VocabularyTerm[] }>(
        'GET',
        `/vocabularies/${encodeURIComponent(collection)}`,
        {
          signal,
        },
      ),
    retry: false,
  });
  const terms = vocabulary.data?.terms ?? [];
  return (
    <div className="term-picker">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        multiple
        value={value}
        onChange={(event) =>
          onChange(Array.from(event.target.selectedOptions, (option) => option.value))
        }
      >
        {terms.map((term) => (
          <option key={term.id} value={term.id}>
            {term.id}
          </option>
        ))}
      </select>
    </div>
  );
}
