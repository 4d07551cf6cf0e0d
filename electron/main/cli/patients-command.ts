// `patients list | show <id>`: documents grouped by patient (the same grouping as the app's
// Patients screen, a person's merges and splits kept), and one patient's timeline and
// conflicts with the page each point came from. --json prints the service's answer as is.
import type { PatientDetail } from '../../../shared/patients/api';
import type { CommandContext } from './commands';
import { UsageError } from './commands';
import { table } from './output';

const kinds = { name: 'name', dob: 'date of birth', mrn: 'MRN' } as const;
const where = (p: { documentId: number; evidence: { page: number } | null }): string => `doc ${p.documentId}${p.evidence ? ` p. ${p.evidence.page}` : ''}`;

function showText(d: PatientDetail): string {
  const p = d.patient;
  const lines = [`${p.name ?? `Unnamed patient ${p.id}`} · born ${p.dob ?? '—'} · MRN ${p.mrn ?? '—'} · ${p.documents} documents`];
  if (d.conflicts.length > 0) lines.push('', 'CONFLICTS', ...d.conflicts.flatMap((c) => [`  ${c.label}`, ...c.sides.map((s) => `    ${s.text} (${where(s)})`)]));
  lines.push('', 'ENCOUNTERS', ...d.encounters.map((e) => `  ${e.date ?? 'undated'}  ${e.kind ?? 'document'}  ${e.title} (${where(e)})`));
  lines.push('', 'PROBLEMS', ...d.problems.map((x) => `  ${x.name} [${x.state}]  ${x.mentions.map((m) => `${m.date ?? 'undated'} (${where(m)})`).join(', ')}`));
  lines.push('', 'MEDICATIONS', ...d.medications.flatMap((m) => [`  ${m.name} [${m.state}]`, ...m.events.map((e) => `    ${e.date ?? 'undated'}  ${e.change}  ${e.sig} (${where(e)})`)]));
  lines.push('', 'LABS', ...d.labs.flatMap((l) => [`  ${l.name}${l.unit ? ` (${l.unit})` : ''}`, ...l.points.map((x) => `    ${x.date ?? 'undated'}  ${x.value} (${where(x)})`)]));
  return lines.join('\n');
}

export async function patientsCommand({ services, out, args }: CommandContext): Promise<number> {
  const [action, arg] = args;
  switch (action) {
    case 'list': {
      const listed = services.patients.list();
      out.result(listed, () =>
        [
          listed.patients.length === 0
            ? 'No patients: extract a clinical template on medical records first.'
            : table([
                ['ID', 'NAME', 'BORN', 'MRN', 'DOCS', 'DIFFERING'],
                ...listed.patients.map((p) => [p.id, p.name ?? '—', p.dob ?? '—', p.mrn ?? '—', p.documents, p.differing.map((k) => kinds[k]).join(', ')]),
              ]),
          ...listed.suggestions.map(
            (s) => `Possibly the same patient: ${s.patientId} and ${s.otherId} (same ${s.shared.map((k) => kinds[k]).join(', ')}${s.differing.length > 0 ? `; ${s.differing.map((k) => kinds[k]).join(', ')} differ` : ''})`,
          ),
        ].join('\n'),
      );
      return 0;
    }
    case 'show': {
      if (!arg || !/^[1-9]\d{0,15}$/.test(arg)) throw new UsageError('patients show needs a patient id (a whole number)');
      const detail = services.patients.get(Number(arg));
      out.result(detail, () => showText(detail));
      return 0;
    }
    default:
      throw new UsageError('patients needs list or show <id>');
  }
}
