// Writes the two sample documents the welcome offers (resources/samples): a short services
// agreement between made-up companies and a clinic note for a fictional patient. Both texts
// were written by the team for this app; every name, number and date is invented. The PDFs
// have a real text layer (Helvetica), so they import without OCR. Deterministic: the same
// bytes on every run (fixed dates, no random ID), so the committed files can be checked.
//   node scripts/make-sample-pdfs.mjs [outDir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

const OUT = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'samples'));
const FIXED_DATE = new Date('2026-01-05T09:00:00Z');

const PAGE = { width: 612, height: 792, margin: 64 };

/** Blocks: ['h', text] heading, ['p', text] paragraph, ['kv', label, value], ['gap'], ['page'] a new page. */
const AGREEMENT = {
  title: 'Sample services agreement',
  subject: 'Consulting services agreement (sample written for Abstractor; fictional parties)',
  blocks: [
    ['title', 'CONSULTING SERVICES AGREEMENT'],
    ['note', 'Sample document shipped with Abstractor. The parties and terms are fictional.'],
    ['p', 'This Consulting Services Agreement (the "Agreement") is made on March 3, 2025 (the "Agreement Date") between Harbor Lane Analytics LLC, a Delaware limited liability company with offices at 410 Quay Street, Portland, Maine ("Consultant"), and Northfield Supply Co., an Ohio corporation with offices at 88 Mill Road, Dayton, Ohio ("Client").'],
    ['h', '1. Services'],
    ['p', 'Consultant will review Client\'s inventory forecasting process and deliver a written report with recommendations (the "Services"), as further described in Schedule A. Consultant will assign a lead analyst who will attend one on-site meeting per month.'],
    ['h', '2. Term and Renewal'],
    ['p', 'This Agreement takes effect on April 1, 2025 (the "Effective Date") and continues for twelve (12) months, until March 31, 2026. It then renews automatically for successive terms of twelve (12) months unless either party gives written notice of non-renewal at least sixty (60) days before the end of the then-current term.'],
    ['h', '3. Fees and Payment'],
    ['p', 'Client will pay Consultant a fixed monthly fee of $8,500. Consultant will invoice at the end of each month, and Client will pay each undisputed invoice within thirty (30) days of receipt. Late amounts bear interest at one percent (1%) per month. Reasonable travel expenses approved in advance in writing are reimbursed at cost.'],
    ['h', '4. Termination'],
    ['p', 'Either party may terminate this Agreement for convenience on thirty (30) days\' written notice to the other party. Either party may terminate at once if the other party materially breaches this Agreement and does not cure the breach within fifteen (15) days after written notice. On termination Client pays the fees earned up to the termination date.'],
    ['page'],
    ['h', '5. Confidentiality'],
    ['p', 'Each party will keep the other party\'s non-public business information confidential and use it only to perform this Agreement. This obligation survives for three (3) years after the Agreement ends.'],
    ['h', '6. Ownership of Work Product'],
    ['p', 'On payment in full, Consultant assigns to Client all rights in the final report. Consultant keeps its pre-existing tools and methods and grants Client a non-exclusive, non-transferable license to use them as part of the report.'],
    ['h', '7. Warranty and Limitation of Liability'],
    ['p', 'Consultant warrants that the Services will be performed in a professional manner for ninety (90) days after delivery. Except for breach of confidentiality, each party\'s total liability under this Agreement is limited to the fees paid in the twelve (12) months before the claim, and in no case more than $102,000.'],
    ['h', '8. Non-Solicitation'],
    ['p', 'During the term and for twelve (12) months after it, neither party will solicit for employment any employee of the other party who worked on the Services.'],
    ['h', '9. Assignment'],
    ['p', 'Neither party may assign this Agreement without the other party\'s prior written consent, which will not be unreasonably withheld.'],
    ['h', '10. Governing Law'],
    ['p', 'This Agreement is governed by the laws of the State of Ohio, without regard to its conflict of laws rules.'],
    ['h', '11. Notices'],
    ['p', 'Notices must be in writing and sent to the addresses above, to the attention of the signatories below.'],
    ['gap'],
    ['kv', 'HARBOR LANE ANALYTICS LLC', 'By: Dana R. Okafor, Managing Partner'],
    ['kv', 'NORTHFIELD SUPPLY CO.', 'By: Marcus T. Lindqvist, Chief Operating Officer'],
  ],
};

const CLINICAL_NOTE = {
  title: 'Sample clinical note',
  subject: 'Clinic visit note (synthetic record written for Abstractor; fictional patient)',
  blocks: [
    ['title', 'RIVERBEND FAMILY MEDICINE - CLINIC VISIT NOTE'],
    ['note', 'SYNTHETIC RECORD shipped with Abstractor. The patient, clinic and clinicians are fictional.'],
    ['kv', 'Patient:', 'Jordan A. Whitfield'],
    ['kv', 'DOB:', '04/17/1968'],
    ['kv', 'MRN:', 'SYN-0042-7713'],
    ['kv', 'Visit date:', '02/11/2025'],
    ['kv', 'Provider:', 'Elena M. Vasquez, MD'],
    ['h', 'Chief complaint'],
    ['p', 'Follow-up of type 2 diabetes and high blood pressure; tiredness for three weeks.'],
    ['h', 'History of present illness'],
    ['p', 'Mr. Whitfield is a 56-year-old man seen for a scheduled follow-up. He reports feeling tired in the afternoons for about three weeks and waking once a night to urinate. He takes his medications daily and walks twenty minutes most days. No chest pain, shortness of breath, fever or weight loss.'],
    ['h', 'Problems'],
    ['p', '1. Type 2 diabetes mellitus, not at goal (E11.65). 2. Essential hypertension (I10). 3. Hyperlipidemia (E78.5).'],
    ['h', 'Medications'],
    ['p', 'Metformin 1000 mg by mouth twice daily. Lisinopril 20 mg by mouth once daily. Atorvastatin 40 mg by mouth at bedtime.'],
    ['h', 'Allergies'],
    ['p', 'Penicillin (hives).'],
    ['h', 'Vital signs'],
    ['p', 'Blood pressure 142/88 mmHg. Heart rate 78/min. Temperature 36.8 C. Weight 94.2 kg. BMI 30.1.'],
    ['h', 'Results'],
    ['p', 'Hemoglobin A1c 8.4% (01/28/2025; previous 7.6% in 10/2024). Fasting glucose 168 mg/dL. Creatinine 0.9 mg/dL. LDL cholesterol 96 mg/dL.'],
    ['h', 'Assessment and plan'],
    ['p', 'Diabetes is above goal, which likely explains the tiredness and night-time urination. Start empagliflozin 10 mg by mouth once daily; continue metformin. Blood pressure above goal: increase lisinopril to 40 mg once daily. Continue atorvastatin. Referred to diabetes education. Repeat A1c and basic metabolic panel in three months.'],
    ['h', 'Follow-up'],
    ['p', 'Return to clinic in 3 months, or sooner if symptoms worsen.'],
    ['gap'],
    ['p', 'Electronically signed by Elena M. Vasquez, MD on 02/11/2025.'],
  ],
};

function wrap(text, font, size, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

async function render(doc) {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(doc.title);
  pdf.setSubject(doc.subject);
  pdf.setAuthor('Abstractor');
  pdf.setCreator('scripts/make-sample-pdfs.mjs');
  pdf.setProducer('pdf-lib');
  pdf.setCreationDate(FIXED_DATE);
  pdf.setModificationDate(FIXED_DATE);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = PAGE.width - 2 * PAGE.margin;
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const newPage = () => {
    page = pdf.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - PAGE.margin;
  };
  const lines = (text, font, size, gapAfter, color = rgb(0, 0, 0)) => {
    for (const line of wrap(text, font, size, width)) {
      if (y < PAGE.margin + size) newPage();
      page.drawText(line, { x: PAGE.margin, y: y - size, size, font, color });
      y -= size * 1.35;
    }
    y -= gapAfter;
  };
  for (const [kind, a, b] of doc.blocks) {
    switch (kind) {
      case 'title':
        lines(a, bold, 14, 4);
        break;
      case 'note':
        lines(a, regular, 8.5, 10, rgb(0.35, 0.35, 0.35));
        break;
      case 'h':
        y -= 4;
        lines(a, bold, 11, 2);
        break;
      case 'p':
        lines(a, regular, 10.5, 6);
        break;
      case 'kv': {
        page.drawText(a, { x: PAGE.margin, y: y - 10.5, size: 10.5, font: bold });
        page.drawText(b, { x: PAGE.margin + Math.max(90, bold.widthOfTextAtSize(a, 10.5) + 12), y: y - 10.5, size: 10.5, font: regular });
        y -= 10.5 * 1.6;
        break;
      }
      case 'gap':
        y -= 14;
        break;
      case 'page':
        newPage();
        break;
      default:
        throw new Error(`unknown block ${kind}`);
    }
  }
  return pdf.save({ useObjectStreams: false });
}

fs.mkdirSync(OUT, { recursive: true });
for (const [file, doc] of [
  ['sample-services-agreement.pdf', AGREEMENT],
  ['sample-clinical-note.pdf', CLINICAL_NOTE],
]) {
  const bytes = await render(doc);
  fs.writeFileSync(path.join(OUT, file), bytes);
  console.log(`${path.join(OUT, file)}: ${bytes.length} bytes`);
}
