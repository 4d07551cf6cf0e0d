// Synthetic PHI for the de-identification eval: hand-written clinical note templates whose
// slots are filled, from a seeded generator, with identifiers of every Safe Harbor text type.
// Half the person names come from pools deliberately outside the detector's lexicons, so the
// name recall measures the context rules and not the word list. Each filled slot is recorded
// with its offsets: that is the gold standard.
import type { PhiType } from '../../shared/clinical/deid';

export interface SeededIdentifier {
  readonly start: number;
  readonly end: number;
  readonly type: PhiType;
  readonly text: string;
  /** Name or place outside the lexicons. */
  readonly unseen: boolean;
}

export interface SyntheticNote {
  readonly text: string;
  readonly identifiers: SeededIdentifier[];
}

/** mulberry32: small, seeded, good enough to spread the slots. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEXICON_FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Linda', 'David', 'Susan', 'Carlos', 'Aisha', 'Wei', 'Olga'];
const LEXICON_LAST = ['Smith', 'Johnson', 'Garcia', 'Nguyen', 'Patel', 'Kowalski', 'Okafor', 'Rossi', 'Cohen', 'Hansen'];
// Invented or rare: none of these is in the lexicons (the eval checks).
const UNSEEN_FIRST = ['Thaddeus', 'Marisol', 'Ignatius', 'Zebulon', 'Philippa', 'Oluwaseun', 'Ysolde', 'Caspian', 'Bronwyn', 'Ezekiel', 'Saoirse', 'Leopold', 'Wilhelmina', 'Anselm', 'Tamsin', 'Kwabena', 'Rosalind', 'Evander', 'Isadora', 'Cormac'];
const UNSEEN_LAST = ['Quillfeather', 'Blomqvist', 'Okonkwo-Vance', 'Thistlewood', 'Marchetti', 'Vanderhoek', 'Szczepanski', 'Abernathy', 'Delacroix', "O'Shaughnessy", 'Nakagawa', 'Featherstonehaugh', 'Ravensworth', 'Iwobi', 'Castellanos', 'Lindqvist', 'Brightwater', 'Penhaligon', 'Achterberg', 'Mbeki-Hart'];
const LEXICON_CITY = ['Boston', 'Chicago', 'Houston', 'Phoenix', 'Denver', 'Worcester', 'Cambridge', 'Tucson', 'Omaha', 'Spokane'];
const UNSEEN_CITY = ['Marlow Falls', 'Kettering Ridge', 'Pinecrest', 'Ashbourne', 'Wexley', 'Harrowgate', 'Millbrook', 'Dunmore', 'Eastfield', 'Tillamore'];
const STREETS = ['Elm', 'Maple', 'Harbor View', 'Old Mill', 'Quarry', 'Birchwood', 'Kingfisher', 'Lantern Hill'];
const SUFFIXES = ['Street', 'Avenue', 'Road', 'Lane', 'Drive', 'Court', 'Blvd', 'Way'];
const HOSPITALS = ['Saint Brigid Hospital', 'Mercy Ridge Medical Center', 'Harlow Valley Clinic', 'Northgate Community Hospital', 'Pine Hollow Nursing Home'];
const STATES = [['MA', '021'], ['IL', '606'], ['TX', '770'], ['AZ', '850'], ['CO', '802'], ['WY', '821'], ['VT', '059'], ['NH', '036'], ['NV', '893'], ['NY', '102']] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

type Slot =
  | 'patient' | 'patientLastFirst' | 'first' | 'doctor' | 'doctorFull' | 'relative'
  | 'city' | 'street' | 'hospital' | 'zip' | 'date' | 'age' | 'phone' | 'email' | 'ssn' | 'mrn'
  | 'plan' | 'account' | 'license' | 'certificate' | 'vin' | 'plate' | 'device' | 'url' | 'ip' | 'other';

const TYPE: Record<Slot, PhiType> = {
  patient: 'name', patientLastFirst: 'name', first: 'name', doctor: 'name', doctorFull: 'name', relative: 'name',
  city: 'location', street: 'location', hospital: 'location', zip: 'zip', date: 'date', age: 'age', phone: 'phone',
  email: 'email', ssn: 'ssn', mrn: 'mrn', plan: 'health_plan', account: 'account', license: 'license',
  certificate: 'certificate', vin: 'vehicle', plate: 'vehicle', device: 'device', url: 'url', ip: 'ip', other: 'other_id',
};

// Ten note shapes. {slot} is filled; the rest is clinical prose that must survive.
export const TEMPLATES: readonly string[] = [
  `DISCHARGE SUMMARY
Patient: {patientLastFirst}    MRN: {mrn}    DOB: {date}
Admission date: {date}    Discharge date: {date}
Attending: {doctorFull}, MD
HISTORY OF PRESENT ILLNESS: {first} is a {age}-year-old who lives in {city} and was admitted with community-acquired pneumonia. Denies chest pain. No history of stroke.
SOCIAL HISTORY: Lives at {street}, {city}, {zip} with her daughter {relative}. Quit smoking in 1998.
MEDICATIONS: Lisinopril 10 mg PO daily; metformin 500 mg BID.
FOLLOW-UP: With Dr. {doctor} on {date}. Call {phone} with questions.
Electronically signed by {doctorFull}, MD on {date}`,
  `PROGRESS NOTE - {hospital}
Name: {patient}   Acct #: {account}   SSN: {ssn}
Date of service: {date}
S: {first} reports improved dyspnea. Temp 98.6 F, BP 132/84, HR 76. Hemoglobin A1c 7.2%.
O: Lungs clear. 5/5 strength bilaterally.
A/P: Type 2 diabetes, stable. Continue current regimen. Recheck in 3 months.
Seen with Dr. {doctor}. Pager {phone}.
{doctorFull}, NP`,
  `REFERRAL LETTER
{date}
Dear Dr. {doctor},
I am referring {patient} (DOB {date}, MRN {mrn}) for evaluation of atrial fibrillation.
Mr. {patient} is {age} years old and resides in {city}. His son {relative} can be reached at {phone} or {email}.
Insurance: Member ID {plan}. Group number {plan}.
Please fax records to {phone}.
Sincerely,
{doctorFull}, MD
{hospital}`,
  `RADIOLOGY REPORT
Patient name: {patientLastFirst}   Accession number: {other}   MRN {mrn}
Exam date: {date}
Ordering provider: {doctorFull}
CT chest without contrast. No pulmonary embolism. Stable 4 mm nodule in the right upper lobe.
Images available at {url}. Workstation {ip}.
Dictated by: {doctorFull}, MD   Transcribed {date}`,
  `LABORATORY REPORT
Patient: {patient}    Specimen ID: {other}    Collected: {date}
Sodium 138 mmol/L; potassium 4.1 mmol/L; creatinine 1.1 mg/dL; WBC 7.4 K/uL; platelets 250 K/uL.
Reviewed by {doctorFull}, MD. Questions: {email} or {phone}.
Lab director license number {license}. CLIA certificate number {certificate}.`,
  `EMERGENCY DEPARTMENT NOTE
Pt: {patient}   Age: {age}   Arrived: {date}
Brought by ambulance after a motor vehicle collision. Vehicle VIN {vin}, licence plate {plate}.
Patient's wife, {relative}, at bedside; contact {phone}.
Pt is a resident of {city}, {zip}. Home address {street}.
Rule out intracranial hemorrhage. No loss of consciousness.
Seen by Dr. {doctor}.`,
  `CARDIOLOGY CONSULT
Consult requested by Dr. {doctor} at {hospital}.
{patient} is an {age} year old with a dual-chamber pacemaker, device serial number {device}, implanted {date}.
Remote monitoring: {url} (IP {ip}).
Family history: mother had coronary artery disease. Possible heart failure; rule out ischemia.
Plan: echo on {date}. Medicare beneficiary number {plan}.
{doctorFull}, MD, FACC`,
  `PHARMACY MEDICATION RECONCILIATION
Patient: {patientLastFirst}   DOB: {date}   Health plan ID: {plan}
Prescriber: {doctorFull}, MD   DEA number {license}   NPI {license}
Warfarin 5 mg PO daily except 2.5 mg on Mondays; albuterol 2 puffs q4h PRN wheeze.
Pharmacy phone {phone}. Refill due {date}.
Account number {account}.`,
  `SOCIAL WORK NOTE
Date: {date}
Met with {patient} and her caregiver {relative}. Patient moved to {city} from {city} last year and lives at {street}.
Birth certificate number {certificate} requested for the benefits application. Driver's license {license}.
Case number {other}. Contact: {email}, {phone}.
Signed: {doctorFull}, LCSW`,
  `OPERATIVE NOTE
Patient: {patient}    MRN: {mrn}    Date of surgery: {date}
Surgeon: {doctorFull}, MD    Assistant: {doctorFull}, PA-C
Procedure: laparoscopic cholecystectomy. Implant: none. Mesh lot {device}.
Estimated blood loss 20 mL. No complications.
Post-op visit on {date} at {hospital}, {city}, {zip}.
Patient portal: {url}`,
];

// Written after the detector was tuned on TEMPLATES, and scored apart (split "heldout").
// Their first run, before any rule was touched for them, found 351 of 400 identifiers (all
// 49 misses names or places: "Caller: X", "Re: Last, First", "Visited X", "from X
// originally"); the context rules were then widened in general terms, so the split is no
// longer blind: treat the dev and held-out figures as upper bounds on real notes.
export const HELDOUT_TEMPLATES: readonly string[] = [
  `NURSING HANDOFF {date}
{patient} in bed 12, {age} y/o, fall risk. Family: {relative} (granddaughter) phone {phone}.
Hx CHF, on furosemide 40 mg daily. Pt from {city} originally, now at {street}.
Handoff given to {doctorFull} RN at 1900.`,
  `TELEPHONE ENCOUNTER
Caller: {relative} {patient}, re: patient {patient} (MRN {mrn})
Call back number {phone}. Preferred pharmacy: {hospital}.
Requests refill of atorvastatin 20 mg nightly. Last visit {date}. Next visit {date}.
Message routed to {doctorFull}.`,
  `OUTSIDE RECORDS REQUEST
To: Medical Records, {hospital}, {street}, {city}, {zip}
Re: {patientLastFirst}; date of birth {date}; SSN {ssn}
Policy no. {plan}. Claim # {account}.
Please send records from {date} to {date} via secure email to {email} or portal {url}.
Thank you, {doctorFull}`,
  `HOME HEALTH VISIT
{date} - Visited {first} at home in {city}. Lives alone since husband {relative} passed.
Wheelchair serial no. {device}. Pt drives a car, plate {plate}.
Vitals stable; no fever; denies pain. Wound healing well.
Next visit {date}. Agency contact {phone}, fax {phone}. Nurse: {doctorFull}`,
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}
const digits = (r: () => number, n: number): string => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const letters = (r: () => number, n: number): string => Array.from({ length: n }, () => 'ABCDEFGHJKLMNPRSTUVWXYZ'[Math.floor(r() * 23)]).join('');

function date(r: () => number): string {
  const y = 1930 + Math.floor(r() * 95);
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  return pick(r, [
    `${mm}/${dd}/${y}`, `${m}/${d}/${y}`, `${y}-${mm}-${dd}`, `${MONTHS[m - 1]} ${d}, ${y}`, `${d} ${MONTHS[m - 1]} ${y}`,
    `${MONTHS[m - 1]!.slice(0, 3)} ${d}, ${y}`, `${m}/${d}/${String(y).slice(2)}`, `${MONTHS[m - 1]} ${y}`, `${mm}-${dd}-${y}`, `${m}/${d}`,
  ]);
}

interface Person { first: string; last: string; unseen: boolean }

function person(r: () => number): Person {
  const unseen = r() < 0.5;
  return unseen
    ? { first: pick(r, UNSEEN_FIRST), last: pick(r, UNSEEN_LAST), unseen }
    : { first: pick(r, LEXICON_FIRST), last: pick(r, LEXICON_LAST), unseen };
}

/** One filled note: the patient keeps one name throughout it. */
export function syntheticNote(template: string, r: () => number): SyntheticNote {
  const patient = person(r);
  const state = pick(r, STATES);
  let text = '';
  const identifiers: SeededIdentifier[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    text += template.slice(last, m.index);
    last = m.index! + m[0].length;
    const slot = m[1] as Slot;
    let value: string;
    let unseen = false;
    switch (slot) {
      case 'patient': value = `${patient.first} ${patient.last}`; unseen = patient.unseen; break;
      case 'patientLastFirst': value = `${patient.last}, ${patient.first}`; unseen = patient.unseen; break;
      case 'first': value = patient.first; unseen = patient.unseen; break;
      case 'doctor': { const p = person(r); value = p.last; unseen = p.unseen; break; }
      case 'doctorFull': { const p = person(r); value = `${p.first} ${p.last}`; unseen = p.unseen; break; }
      case 'relative': { const p = person(r); value = p.first; unseen = p.unseen; break; }
      case 'city': unseen = r() < 0.5; value = pick(r, unseen ? UNSEEN_CITY : LEXICON_CITY); break;
      case 'street': value = `${1 + Math.floor(r() * 9000)} ${pick(r, STREETS)} ${pick(r, SUFFIXES)}`; unseen = true; break;
      case 'hospital': value = pick(r, HOSPITALS); unseen = true; break;
      case 'zip': text += `${state[0]} `; value = `${state[1]}${digits(r, 2)}${r() < 0.3 ? `-${digits(r, 4)}` : ''}`; break;
      case 'date': value = date(r); break;
      case 'age': value = String(90 + Math.floor(r() * 15)); break;
      case 'phone': value = pick(r, [`(${digits(r, 3)}) 555-${digits(r, 4)}`, `${digits(r, 3)}-555-${digits(r, 4)}`, `${digits(r, 3)}.555.${digits(r, 4)}`, `+1 ${digits(r, 3)} 555 ${digits(r, 4)}`]); break;
      case 'email': value = `${patient.first.toLowerCase().replace(/\W/g, '')}.${digits(r, 2)}@${pick(r, ['example.com', 'mail.example.org', 'clinic-example.net'])}`; break;
      case 'ssn': value = pick(r, [`${digits(r, 3)}-${digits(r, 2)}-${digits(r, 4)}`, `${digits(r, 3)} ${digits(r, 2)} ${digits(r, 4)}`]); break;
      case 'mrn': value = pick(r, [digits(r, 8), `${letters(r, 2)}${digits(r, 6)}`, `${digits(r, 3)}-${digits(r, 3)}-${digits(r, 3)}`]); break;
      case 'plan': value = pick(r, [`${letters(r, 3)}${digits(r, 9)}`, `${digits(r, 1)}${letters(r, 2)}${digits(r, 1)}-${letters(r, 2)}${digits(r, 1)}-${letters(r, 2)}${digits(r, 2)}`, digits(r, 6)]); break;
      case 'account': value = pick(r, [digits(r, 10), `A${digits(r, 7)}`, `${digits(r, 4)}-${digits(r, 5)}`]); break;
      case 'license': value = pick(r, [`${letters(r, 2)}${digits(r, 7)}`, digits(r, 10), `S${digits(r, 8)}`]); break;
      case 'certificate': value = pick(r, [`${digits(r, 3)}-${digits(r, 4)}-${digits(r, 6)}`, `${digits(r, 2)}D${digits(r, 7)}`]); break;
      case 'vin': value = `1${letters(r, 2)}${digits(r, 1)}${letters(r, 4)}${digits(r, 9)}`; break;
      case 'plate': value = `${digits(r, 1)}${letters(r, 3)}${digits(r, 3)}`; break;
      case 'device': value = pick(r, [`PJN${digits(r, 6)}`, `${letters(r, 2)}${digits(r, 5)}-${letters(r, 1)}`, digits(r, 9)]); break;
      case 'url': value = pick(r, [`https://portal.example-health.org/p/${digits(r, 6)}`, `www.${patient.last.toLowerCase().replace(/\W/g, '')}-family.com`, `http://10.0.${digits(r, 1)}.${digits(r, 2)}/pacs`]); break;
      case 'ip': value = `${10 + Math.floor(r() * 200)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`; break;
      case 'other': value = pick(r, [`${letters(r, 1)}${digits(r, 2)}-${digits(r, 6)}`, digits(r, 9), `${letters(r, 3)}-${digits(r, 5)}`]); break;
    }
    identifiers.push({ start: text.length, end: text.length + value.length, type: TYPE[slot], text: value, unseen });
    text += value;
  }
  text += template.slice(last);
  return { text, identifiers };
}

/** Notes cycling through the templates until at least `minIdentifiers` are seeded. */
export function syntheticNotes(seed = 13, minIdentifiers = 1200, templates: readonly string[] = TEMPLATES): SyntheticNote[] {
  const r = rng(seed);
  const notes: SyntheticNote[] = [];
  let n = 0;
  for (let i = 0; n < minIdentifiers; i++) {
    const note = syntheticNote(templates[i % templates.length]!, r);
    notes.push(note);
    n += note.identifiers.length;
  }
  return notes;
}
