// The Templates screen: the built-in and user templates on the left; the open one on the
// right. A built-in is shown read-only with "Copy" (which makes an editable user template);
// a user template can be edited, saved (the backend validates; its messages appear inline)
// and deleted. Saving under a new name renames: the old user template is removed.
import { useEffect, useMemo, useState } from 'react';
import type { Template } from '../../../../shared/extraction/templates';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { useNavigation } from '../../app/Navigation';
import { call, errorCode, errorMessage } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { copyDraft, emptyDraft, fromTemplate, NO_ERRORS, parseValidationErrors, toTemplateInput, type TemplateDraft, type ValidationErrors } from './template-draft';
import { TemplateEditor } from './TemplateEditor';
import './TemplatesView.css';

/** What the editor holds: a stored template (original name) or a new one not saved yet. */
interface Editing {
  readonly draft: TemplateDraft;
  readonly original: string | null;
  readonly builtIn: boolean;
  readonly dirty: boolean;
}

export function TemplatesView({ name }: { readonly name: string | null }) {
  const navigation = useNavigation();
  const notify = useToast();
  const list = useCall('templates:list', {}, 'templates');
  const items = list.data?.items ?? [];
  const taken = useMemo(() => new Set(items.map((t) => t.name)), [items]);
  const current = name ?? items[0]?.name ?? null;
  const stored = useCall('templates:get', current ? { name: current } : null, current ?? '');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [errors, setErrors] = useState<ValidationErrors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);

  // A stored template opens as its own draft; a new, unsaved draft and unsaved edits stay until
  // saved or left. Also when the draft was dropped without a new fetch (the same template picked
  // again, Discard on a new draft), or the screen would wait on 'Loading…' for good.
  const noDraft = editing === null;
  useEffect(() => {
    if (stored.data && stored.data.template.name === current) {
      setEditing((prev) =>
        prev && (prev.original === null || (prev.original === current && prev.dirty))
          ? prev
          : { draft: fromTemplate(stored.data!.template), original: current, builtIn: stored.data!.builtIn, dirty: false },
      );
      setErrors(NO_ERRORS);
    }
  }, [stored.data, current, noDraft]);

  function open(next: string) {
    setEditing(null);
    setErrors(NO_ERRORS);
    navigation.replace({ view: 'templates', name: next });
  }

  function startCopy(template: Template) {
    setEditing({ draft: copyDraft(template, taken), original: null, builtIn: false, dirty: true });
    setErrors(NO_ERRORS);
  }

  function startNew() {
    setEditing({ draft: emptyDraft(taken), original: null, builtIn: false, dirty: true });
    setErrors(NO_ERRORS);
  }

  async function save() {
    if (!editing) return;
    setSaving(true);
    try {
      const { template } = await call('templates:save', { template: toTemplateInput(editing.draft) });
      if (editing.original && editing.original !== template.name) await call('templates:delete', { name: editing.original });
      setErrors(NO_ERRORS);
      setEditing({ draft: fromTemplate(template), original: template.name, builtIn: false, dirty: false });
      list.reload();
      notify(`Saved “${template.title}”.`, 'success');
      navigation.replace({ view: 'templates', name: template.name });
      stored.reload();
    } catch (err) {
      if (errorCode(err) === 'invalid_request') setErrors(parseValidationErrors(errorMessage(err)));
      else setErrors({ byPath: new Map(), general: [errorMessage(err)] });
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!editing?.original) return;
    const removed = editing.original;
    await call('templates:delete', { name: removed }).then(
      () => {
        notify(`Deleted “${editing.draft.title}”.`, 'success');
        setDeleting(false);
        setEditing(null);
        list.reload();
        navigation.replace({ view: 'templates', name: null });
      },
      (err: unknown) => notify(`Could not delete: ${errorMessage(err)}`, 'error'),
    );
  }

  const isNew = editing !== null && editing.original === null;
  const shownName = isNew ? null : current;

  return (
    <main className="templates-screen" data-testid="templates-screen" aria-label="Extraction templates">
      <nav className="templates-screen__list" aria-label="Templates">
        <div className="templates-screen__list-head">
          <h1 className="templates-screen__title">Templates</h1>
          <Button size="sm" onClick={startNew} data-testid="template-new">
            New
          </Button>
        </div>
        {list.status === 'error' ? <ErrorBanner title="The templates could not be loaded." message={list.error} onRetry={list.reload} /> : null}
        <ul>
          {isNew ? (
            <li>
              <button type="button" className="templates-screen__item" aria-current="true">
                <span className="templates-screen__item-title">{editing.draft.title || 'New template'}</span>
                <span className="templates-screen__item-meta">not saved yet</span>
              </button>
            </li>
          ) : null}
          {items.map((t) => (
            <li key={t.name}>
              <button
                type="button"
                className="templates-screen__item"
                aria-current={t.name === shownName ? 'true' : undefined}
                onClick={() => open(t.name)}
                data-testid="template-item"
                data-template={t.name}
              >
                <span className="templates-screen__item-title">{t.title}</span>
                <span className="templates-screen__item-meta">
                  {t.name} · {t.domain} · {t.fields} fields {t.builtIn ? <Badge>Built-in</Badge> : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section className="templates-screen__detail" aria-label="Template">
        {!editing ? (
          stored.status === 'error' ? (
            <ErrorBanner title="The template could not be loaded." message={stored.error} onRetry={stored.reload} />
          ) : current ? (
            <LoadingState label="Loading the template…" />
          ) : null
        ) : (
          <>
            <div className="templates-screen__toolbar">
              <h2>{editing.draft.title || editing.draft.name}</h2>
              {editing.builtIn ? <Badge tone="accent">Built-in · read-only</Badge> : editing.dirty ? <Badge tone="warning">Unsaved changes</Badge> : null}
              <span className="templates-screen__spacer" />
              {editing.builtIn ? (
                stored.data ? (
                  <Button variant="primary" onClick={() => startCopy(stored.data!.template)} data-testid="template-copy">
                    Copy to edit
                  </Button>
                ) : null
              ) : (
                <>
                  {isNew ? (
                    <Button onClick={() => open(current ?? '')} disabled={saving || !current}>
                      Discard
                    </Button>
                  ) : (
                    <>
                      {stored.data ? <Button onClick={() => startCopy(stored.data!.template)}>Copy</Button> : null}
                      <Button variant="danger" onClick={() => setDeleting(true)} disabled={saving} data-testid="template-delete">
                        Delete
                      </Button>
                    </>
                  )}
                  <Button variant="primary" onClick={() => void save()} disabled={saving || !editing.dirty} data-testid="template-save">
                    {saving ? 'Saving…' : 'Save'}
                  </Button>
                </>
              )}
            </div>
            {errors.general.length > 0 || errors.byPath.size > 0 ? (
              <ErrorBanner
                title="The template was not saved."
                message={errors.general.length > 0 ? errors.general.join(' ') : `${[...errors.byPath.values()].flat().length} problem(s), shown beside the inputs below.`}
              />
            ) : null}
            <TemplateEditor
              draft={editing.draft}
              readOnly={editing.builtIn}
              errors={errors}
              onChange={(draft) => setEditing({ ...editing, draft, dirty: true })}
            />
          </>
        )}
      </section>
      {deleting && editing?.original ? (
        <ConfirmDialog title="Delete this template?" confirmLabel="Delete" danger onConfirm={remove} onClose={() => setDeleting(false)}>
          <p>
            “{editing.draft.title}” will be removed. Values already extracted with it stay in the archive but cannot be shown
            until a template of that name exists again.
          </p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
