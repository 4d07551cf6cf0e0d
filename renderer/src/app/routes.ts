// The screens the app can show. Navigation is plain state (no router library): a stack of
// routes so "Back" returns to where the reader was opened from.

export type Route =
  | { readonly view: 'library' }
  | { readonly view: 'search'; readonly query: string }
  | { readonly view: 'models' }
  /** Documents x fields of one template (null: the one with the most runs), with a playbook's results as a column group. */
  | { readonly view: 'grid'; readonly template: string | null; readonly playbook?: string | null }
  /** The template list and editor, with one template open (null: none yet). */
  | { readonly view: 'templates'; readonly name: string | null }
  /** The job queue: batches with their files, new batches, watched folders (batchId: the one to show open). */
  | { readonly view: 'batches'; readonly batchId: number | null }
  /** Who opened, searched, exported… which document, and when. */
  | { readonly view: 'access' }
  /** Every contract's key dates (notice deadlines, renewals, expirations). */
  | { readonly view: 'deadlines' }
  /** Documents grouped by patient: one patient's timeline, conflicts and documents (null: the first). */
  | { readonly view: 'patients'; readonly patientId: number | null }
  /** One clause type from every contract, side by side, grouped and diffed. */
  | { readonly view: 'clauses' }
  /** Playbooks (the firm's standard positions): the list, the open one's JSON and its results (null: the first). */
  | { readonly view: 'playbooks'; readonly name: string | null }
  /** One contract's playbook report, printable (Print / Save as PDF). */
  | { readonly view: 'playbook-report'; readonly name: string; readonly documentId: number }
  | {
      readonly view: 'document';
      readonly documentId: number;
      readonly page: number;
      /** The search that led here: its words are highlighted on the page. */
      readonly highlight: string | null;
      /** The right-hand panel: the page's text (default) or the summary. */
      readonly panel?: ReaderPanel;
      /** The Extract tab's template and focused field (from the Table screen). */
      readonly extract?: ExtractFocus;
    };

export type ReaderPanel = 'text' | 'summary' | 'extract';

export interface ExtractFocus {
  readonly template: string;
  readonly field: string | null;
  /** Which of the field's evidence to show (a patient's timeline point: one item of a list); the first when absent. */
  readonly evidence?: { readonly page: number; readonly quote: string };
}

export interface NavigationState {
  readonly stack: readonly Route[];
}

export type NavigationAction =
  | { readonly type: 'push'; readonly route: Route }
  | { readonly type: 'replace'; readonly route: Route }
  | { readonly type: 'back' }
  | { readonly type: 'home' };

export const LIBRARY: Route = { view: 'library' };
export const MODELS: Route = { view: 'models' };
export const GRID: Route = { view: 'grid', template: null };
export const TEMPLATES: Route = { view: 'templates', name: null };
export const BATCHES: Route = { view: 'batches', batchId: null };
export const ACCESS_LOG: Route = { view: 'access' };
export const DEADLINES: Route = { view: 'deadlines' };
export const CLAUSES: Route = { view: 'clauses' };
export const PATIENTS: Route = { view: 'patients', patientId: null };
export const PLAYBOOKS: Route = { view: 'playbooks', name: null };

export const initialNavigation: NavigationState = { stack: [LIBRARY] };

const MAX_DEPTH = 50;

export function currentRoute(state: NavigationState): Route {
  return state.stack[state.stack.length - 1] ?? LIBRARY;
}

export function navigationReducer(state: NavigationState, action: NavigationAction): NavigationState {
  switch (action.type) {
    case 'push': {
      const top = currentRoute(state);
      // Searching again while on results refines them instead of piling up entries.
      if (top.view === 'search' && action.route.view === 'search') {
        return { stack: [...state.stack.slice(0, -1), action.route] };
      }
      // Opening the Models screen from itself adds nothing to go back through.
      if ((top.view === 'models' || top.view === 'access' || top.view === 'deadlines' || top.view === 'clauses') && top.view === action.route.view) return state;
      // The same for the Table and Templates screens: switching inside them replaces.
      if ((top.view === 'grid' || top.view === 'templates' || top.view === 'batches' || top.view === 'playbooks' || top.view === 'patients') && top.view === action.route.view) {
        return { stack: [...state.stack.slice(0, -1), action.route] };
      }
      return { stack: [...state.stack, action.route].slice(-MAX_DEPTH) };
    }
    case 'replace':
      return { stack: [...state.stack.slice(0, -1), action.route] };
    case 'back':
      return state.stack.length > 1 ? { stack: state.stack.slice(0, -1) } : state;
    case 'home':
      return initialNavigation;
    default:
      return action satisfies never;
  }
}
