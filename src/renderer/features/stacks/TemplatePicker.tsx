// Start from a template of the core's catalog: pick one, answer its questions, and the rendered
// compose file goes to the editor for review.
import { useEffect, useState } from 'react';
import type { RenderedTemplate, StackTemplate } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { api } from '../../lib/api';
import { useSubmit } from '../../lib/useSubmit';
import { errorMessage } from '../../lib/errors';

export function TemplatePicker({
  onRendered,
}: {
  onRendered(result: RenderedTemplate & { template: string }): void;
}) {
  const [templates, setTemplates] = useState<StackTemplate[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<StackTemplate | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const { busy, error: renderError, setError: setRenderError, run } = useSubmit();

  useEffect(() => {
    api
      .invoke('template.list', {})
      .then(setTemplates)
      .catch((error: unknown) => setLoadError(errorMessage(error)));
  }, []);

  const choose = (t: StackTemplate) => {
    setChosen(t);
    setTried(false);
    setRenderError(null);
    setAnswers(
      Object.fromEntries(
        t.questions.map((q) => [q.id, q.default === undefined ? '' : String(q.default)]),
      ),
    );
  };

  if (loadError) return <Alert title="Couldn’t load the templates">{loadError}</Alert>;
  if (!templates)
    return (
      <p className="inline-status">
        <Spinner size={14} /> Loading templates…
      </p>
    );

  const errorFor = (id: string) => {
    const q = chosen?.questions.find((x) => x.id === id);
    if (!q || !tried) return null;
    const value = answers[id] ?? '';
    if (q.required && !value.trim()) return 'Required';
    if (q.type === 'number' && value.trim() && !Number.isFinite(Number(value))) return 'A number';
    return null;
  };

  const render = async () => {
    if (!chosen) return;
    setTried(true);
    if (
      chosen.questions.some((q) => errorFor(q.id) || (q.required && !(answers[q.id] ?? '').trim()))
    )
      return;
    await run(async () => {
      // An emptied optional answer is sent as "" (e.g. "no published port"), not left out.
      const values = Object.fromEntries(
        chosen.questions.map((q) => {
          const value = (answers[q.id] ?? '').trim();
          return [q.id, q.type === 'number' && value !== '' ? Number(value) : value];
        }),
      );
      const result = await api.invoke('template.render', { id: chosen.id, answers: values });
      onRendered({ ...result, template: chosen.name });
    });
  };

  return (
    <div className="templates">
      <ul className="template-grid" aria-label="Templates">
        {templates.map((t) => (
          <li key={t.id}>
            <button
              type="button"
              className={`template-card${chosen?.id === t.id ? ' is-selected' : ''}`}
              aria-pressed={chosen?.id === t.id}
              onClick={() => choose(t)}
            >
              <span className="template-card__name">{t.name}</span>
              <span className="template-card__description">{t.description}</span>
            </button>
          </li>
        ))}
      </ul>
      {chosen ? (
        <form
          className="template-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void render();
          }}
        >
          <h3 className="builder__legend">{chosen.name}: a few questions</h3>
          {chosen.questions.map((q) => (
            <TextField
              key={q.id}
              label={q.label}
              optional={!q.required}
              type={q.type === 'password' ? 'password' : 'text'}
              inputMode={q.type === 'number' ? 'numeric' : undefined}
              className={q.type === 'image' ? 'input mono' : 'input'}
              value={answers[q.id] ?? ''}
              error={errorFor(q.id)}
              onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })}
            />
          ))}
          {renderError ? <Alert title="Couldn’t render the template">{renderError}</Alert> : null}
          <div>
            <Button type="submit" variant="primary" busy={busy}>
              Render compose file
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
