// Common drug names (generic, lower case), written for this project from everyday prescribing:
// the words a summary bullet may name as a drug, each of which must then be on the pages the
// bullet cites. Not a formulary; a name missing here is simply not checked. Shared: no Node, no DOM.

const NAMES = `
acetaminophen paracetamol aspirin ibuprofen naproxen celecoxib diclofenac meloxicam ketorolac indomethacin
morphine oxycodone hydrocodone hydromorphone fentanyl tramadol codeine methadone buprenorphine naloxone naltrexone tapentadol
gabapentin pregabalin duloxetine amitriptyline nortriptyline cyclobenzaprine baclofen tizanidine methocarbamol
lisinopril enalapril ramipril benazepril quinapril captopril losartan valsartan irbesartan olmesartan candesartan telmisartan sacubitril
amlodipine nifedipine diltiazem verapamil felodipine metoprolol atenolol carvedilol propranolol bisoprolol labetalol nebivolol nadolol
hydrochlorothiazide chlorthalidone furosemide bumetanide torsemide spironolactone eplerenone triamterene amiloride acetazolamide metolazone
clonidine hydralazine minoxidil doxazosin terazosin prazosin tamsulosin finasteride dutasteride
atorvastatin simvastatin rosuvastatin pravastatin lovastatin pitavastatin ezetimibe fenofibrate gemfibrozil niacin
warfarin heparin enoxaparin apixaban rivaroxaban dabigatran edoxaban clopidogrel prasugrel ticagrelor dipyridamole cilostazol alteplase
digoxin amiodarone sotalol dofetilide flecainide propafenone dronedarone nitroglycerin isosorbide ranolazine
metformin glipizide glyburide glimepiride pioglitazone sitagliptin linagliptin saxagliptin empagliflozin dapagliflozin canagliflozin
liraglutide semaglutide dulaglutide exenatide tirzepatide insulin glargine detemir degludec lispro aspart glulisine
levothyroxine liothyronine methimazole propylthiouracil prednisone prednisolone methylprednisolone dexamethasone hydrocortisone fludrocortisone
budesonide fluticasone mometasone beclomethasone triamcinolone albuterol levalbuterol salmeterol formoterol tiotropium ipratropium umeclidinium
montelukast theophylline cetirizine loratadine fexofenadine diphenhydramine hydroxyzine promethazine benzonatate guaifenesin dextromethorphan pseudoephedrine
omeprazole esomeprazole pantoprazole lansoprazole rabeprazole famotidine ranitidine sucralfate ondansetron metoclopramide prochlorperazine
docusate senna sennosides bisacodyl polyethylene lactulose loperamide simethicone misoprostol mesalamine sulfasalazine
amoxicillin ampicillin penicillin clavulanate cephalexin cefazolin cefuroxime ceftriaxone cefdinir cefepime ceftazidime cefpodoxime
azithromycin clarithromycin erythromycin doxycycline minocycline tetracycline ciprofloxacin levofloxacin moxifloxacin
trimethoprim sulfamethoxazole nitrofurantoin metronidazole clindamycin vancomycin linezolid daptomycin gentamicin tobramycin
piperacillin tazobactam meropenem imipenem ertapenem aztreonam rifampin isoniazid ethambutol pyrazinamide
fluconazole itraconazole voriconazole nystatin terbinafine clotrimazole miconazole acyclovir valacyclovir famciclovir oseltamivir
tenofovir emtricitabine efavirenz dolutegravir raltegravir bictegravir lamivudine zidovudine abacavir ritonavir nirmatrelvir remdesivir
sertraline fluoxetine paroxetine citalopram escitalopram fluvoxamine venlafaxine desvenlafaxine bupropion mirtazapine trazodone vortioxetine
quetiapine olanzapine risperidone aripiprazole haloperidol ziprasidone lurasidone clozapine paliperidone lithium
lorazepam alprazolam clonazepam diazepam temazepam midazolam zolpidem eszopiclone buspirone melatonin
levetiracetam lamotrigine valproate divalproex carbamazepine oxcarbazepine phenytoin topiramate lacosamide zonisamide phenobarbital
donepezil memantine rivastigmine galantamine levodopa carbidopa pramipexole ropinirole amantadine rasagiline selegiline
sumatriptan rizatriptan methylphenidate amphetamine atomoxetine modafinil
allopurinol febuxostat colchicine probenecid methotrexate hydroxychloroquine leflunomide azathioprine mycophenolate tacrolimus cyclosporine sirolimus
adalimumab etanercept infliximab rituximab tocilizumab ustekinumab secukinumab dupilumab omalizumab
alendronate risedronate ibandronate zoledronic denosumab raloxifene calcitonin teriparatide
estradiol progesterone medroxyprogesterone norethindrone levonorgestrel testosterone tamoxifen letrozole anastrozole exemestane
sildenafil tadalafil oxybutynin tolterodine solifenacin mirabegron bethanechol phenazopyridine
ferrous iron folic cyanocobalamin thiamine pyridoxine cholecalciferol ergocalciferol calcitriol potassium magnesium calcium sodium bicarbonate
epinephrine norepinephrine dopamine dobutamine vasopressin phenylephrine atropine adenosine
propofol ketamine etomidate succinylcholine rocuronium vecuronium lidocaine bupivacaine
cisplatin carboplatin oxaliplatin cyclophosphamide doxorubicin paclitaxel docetaxel gemcitabine fluorouracil capecitabine pembrolizumab nivolumab trastuzumab bevacizumab imatinib
erythropoietin epoetin filgrastim pegfilgrastim
`;

export const DRUG_NAMES: ReadonlySet<string> = new Set(NAMES.split(/\s+/).filter(Boolean));
