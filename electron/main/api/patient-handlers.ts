// The `patients:*` calls over the patient service (documents grouped by patient, merges and
// splits, one patient's timeline and conflicts).
import type { Services } from '../services/compose';
import type { Handlers } from './dispatcher';

type PatientCall = Extract<keyof Handlers, `patients:${string}`>;

export function createPatientHandlers(services: Services): Pick<Handlers, PatientCall> {
  const { patients } = services;
  return {
    'patients:list': () => patients.list(),
    'patients:get': ({ patientId }) => patients.get(patientId),
    'patients:merge': ({ patientId, otherId }) => patients.merge(patientId, otherId),
    'patients:split': ({ patientId, documentIds }) => patients.split(patientId, documentIds),
    'patients:keepApart': ({ patientId, otherId }) => patients.keepApart(patientId, otherId),
  };
}
