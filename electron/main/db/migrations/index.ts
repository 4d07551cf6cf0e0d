// The ordered, append-only list of schema migrations. Version N is the Nth entry.
import init from './0001_init';
import modelsAndRuns from './0002_models_and_runs';
import extraction from './0003_extraction';
import jobsAndOcr from './0004_jobs_and_ocr';
import erasureAndAccessLog from './0005_erasure_and_access_log';
import playbooks from './0006_playbooks';
import libraryOrder from './0007_library_order';
import patients from './0008_patients';
import documentWork from './0009_document_work';
import searchNewestFirst from './0010_search_newest_first';
import pageDocuments from './0011_page_documents';
import searchTerms from './0012_search_terms';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'models_and_runs', sql: modelsAndRuns },
  { version: 3, name: 'extraction', sql: extraction },
  { version: 4, name: 'jobs_and_ocr', sql: jobsAndOcr },
  { version: 5, name: 'erasure_and_access_log', sql: erasureAndAccessLog },
  { version: 6, name: 'playbooks', sql: playbooks },
  { version: 7, name: 'library_order', sql: libraryOrder },
  { version: 8, name: 'patients', sql: patients },
  { version: 9, name: 'document_work', sql: documentWork },
  { version: 10, name: 'search_newest_first', sql: searchNewestFirst },
  { version: 11, name: 'page_documents', sql: pageDocuments },
  { version: 12, name: 'search_terms', sql: searchTerms },
];
