interface Props {
  testId: string;
  value: string;
  /** Shown in the empty field, and its accessible name. */
  label: string;
  onChange: (text: string) => void;
}

/** A list's search field, as typed (at most 100 characters, what the commands accept). */
export function SearchField({ testId, value, label, onChange }: Props) {
  return (
    <input
      type="search"
      className="order-search"
      data-testid={testId}
      value={value}
      maxLength={100}
      placeholder={label}
      aria-label={label}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
