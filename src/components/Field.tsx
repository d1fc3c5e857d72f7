/** A labelled text input whose error is announced through aria-describedby, shared by the islands' forms. */
interface Props {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  type?: string;
  autoComplete: string;
  /** The name the form posts it under when it is sent without JavaScript. */
  name?: string;
  onInput: (value: string) => void;
  /** Leaving the field: its error, if any, appears from then on. */
  onBlur?: () => void;
}

export default function Field(props: Props) {
  return (
    <div class="donate__field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        value={props.value}
        aria-invalid={Boolean(props.error)}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onBlur={props.onBlur}
      />
      {props.error && (
        <p id={`${props.id}-error`} class="donate__error">
          {props.error}
        </p>
      )}
    </div>
  );
}
