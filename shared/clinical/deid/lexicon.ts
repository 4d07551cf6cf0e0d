// Name and place lexicons, written for this project from public statistics: first names
// among the most frequent in the US Social Security Administration's baby-name tables
// (1930s-2000s births), surnames among the most frequent in the US Census 2010 surname
// table, and cities among the most populous US incorporated places (Census estimates) plus
// a few large counties. Words that are also common English or clinical words (May, Will,
// Hope, Long, Young, Bell, Graves, Parkinson...) are left out: context patterns catch them.
// Lower-case entries; matching folds case.
const words = (s: string): string[] => s.trim().split(/\s+/).map((w) => w.toLowerCase());

export const FIRST_NAMES: ReadonlySet<string> = new Set(words(`
James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason
Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel
Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas
Zachary Peter Kyle Ethan Walter Noah Jeremy Christian Keith Roger Terry Gerald Harold Sean Austin
Carl Arthur Lawrence Dylan Jesse Jordan Bryan Billy Joe Bruce Gabriel Logan Albert Willie Alan Juan
Wayne Elijah Randy Roy Vincent Ralph Eugene Russell Bobby Mason Philip Louis Harry Howard Fred
Stanley Leonard Earl Francis Herbert Clarence Ernest Luis Carlos Miguel Antonio Manuel Jorge Pedro
Mohammed Ahmed Ali Omar Hassan Wei Jun Hiroshi Raj Arjun Vikram Dmitri Ivan Sergei Andre Marcus
Darnell Tyrone DeShawn Malik Jamal Terrence Cedric Marvin Leroy Curtis Lloyd Milton Chester Clifford
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret
Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca
Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha
Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia
Joyce Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah
Jacqueline Martha Gloria Teresa Ann Sara Madison Frances Kathryn Janice Jean Abigail Alice Judy
Sophia Denise Amber Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany
Charlotte Marie Kayla Alexis Lori Mildred Florence Edna Ethel Gladys Lillian Irene Louise Marjorie
Eleanor Bernice Agnes Thelma Pauline Lucille Vera Hazel Esther Alma Gertrude Yolanda Guadalupe
Rosa Carmen Ana Lucia Elena Sofia Fatima Aisha Mei Yuki Priya Anjali Olga Svetlana Tanisha Latoya
Keisha Shanice Ebony Aaliyah Destiny Brianna Jasmine Madeline Chloe Zoe Lily Avery Harper Ella
Leah Natasha Monica Veronica Tiffany Crystal Wendy Tammy Rhonda Dana Tracy Stacy Vanessa Erica
`));

export const SURNAMES: ReadonlySet<string> = new Set(words(`
Smith Johnson Williams Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson Harris Sanchez Clark Ramirez
Lewis Robinson Walker Allen Wright Torres Nguyen Hill Flores Adams Nelson Baker Campbell Mitchell
Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris
Morales Rogers Reed Cook Morgan Cooper Peterson Bailey Kelly Howard Ramos Kim Cox Ward Richardson
Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders
Patel Myers Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Butler Barnes Fisher
Henderson Coleman Simmons Patterson Jordan Reynolds Hamilton Graham Wallace Gonzales
Vasquez Sims Ellis Stevens Tucker Porter Hunter Hicks Crawford Henry Boyd Mason Kennedy Warren
Dixon Gordon Shaw Holmes Rice Robertson Hunt Daniels Palmer Mills Nichols Grant Ferguson
Stone Hawkins Dunn Perkins Hudson Spencer Gardner Stephens Payne Pierce Berry Matthews Arnold
Wagner Willis Ray Watkins Olson Carroll Duncan Snyder Hart Cunningham Bradley Lane Andrews Ruiz
Harper Fox Riley Armstrong Carpenter Weaver Greene Lawrence Elliott Chen Wang Li Zhang Liu Yang
Huang Zhao Wu Zhou Xu Sun Zhu Hu Guo Lin Tran Le Pham Hoang Phan Vu Dang Bui Do Ngo Park Choi
Jung Kang Cho Yoon Jang Lim Shah Singh Kumar Sharma Gupta Khan Ali Ahmed Hussain Rahman Cohen
Levy Friedman Katz Schwartz Goldberg Murphy O'Brien O'Connor Ryan Walsh Byrne McCarthy Kelly Doyle
Schmidt Schneider Fischer Weber Meyer Becker Hoffmann Schulz Koch Richter Klein Wolf Neumann
Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Costa
Silva Santos Oliveira Souza Pereira Ferreira Almeida Carvalho Ribeiro Gomes Martins Rocha
Ivanov Petrov Smirnov Kuznetsov Popov Novak Kowalski Nowak Wisniewski Jensen Nielsen Hansen
Andersen Larsen Johansson Karlsson Nilsson Eriksson Okafor Okonkwo Mensah Owusu Adeyemi Mwangi
Washington Jefferson Freeman Webb Simpson Stevenson Tran Chang Fuller Lynch Dean Gilbert Garrett
Romero Welch Larson Frazier Burke Hanson Mendez Moreno Bowman Medina Fowler Brewer Hoffman
Castro Vargas Guzman Rios Ortiz Gutierrez Silva Salazar Delgado Aguilar Vega Herrera Soto Munoz
`));

/** Cities and counties (not states: a state may stay in Safe Harbor output). */
export const PLACES: readonly string[] = `
Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|San Jose|Austin|
Jacksonville|Fort Worth|Columbus|Charlotte|San Francisco|Indianapolis|Seattle|Denver|Boston|
El Paso|Nashville|Detroit|Oklahoma City|Portland|Las Vegas|Memphis|Louisville|Baltimore|Milwaukee|
Albuquerque|Tucson|Fresno|Mesa|Sacramento|Atlanta|Kansas City|Colorado Springs|Omaha|Raleigh|Miami|
Long Beach|Virginia Beach|Oakland|Minneapolis|Tulsa|Tampa|Arlington|New Orleans|Wichita|Cleveland|
Bakersfield|Aurora|Anaheim|Honolulu|Santa Ana|Riverside|Corpus Christi|Lexington|Henderson|
Stockton|Saint Paul|St. Paul|Cincinnati|St. Louis|Saint Louis|Pittsburgh|Greensboro|Lincoln|
Anchorage|Plano|Orlando|Irvine|Newark|Durham|Chula Vista|Toledo|Fort Wayne|St. Petersburg|Laredo|
Jersey City|Chandler|Madison|Lubbock|Scottsdale|Reno|Buffalo|Gilbert|Glendale|North Las Vegas|
Winston-Salem|Chesapeake|Norfolk|Fremont|Garland|Irving|Hialeah|Richmond|Boise|Spokane|
Baton Rouge|Tacoma|San Bernardino|Modesto|Fontana|Des Moines|Moreno Valley|Santa Clarita|Fayetteville|
Birmingham|Oxnard|Rochester|Port St. Lucie|Grand Rapids|Huntsville|Salt Lake City|Tallahassee|
Worcester|Providence|Knoxville|Chattanooga|Springfield|Hartford|New Haven|Cambridge|Somerville|
Brookline|Newton|Quincy|Lowell|Albany|Syracuse|Yonkers|Brooklyn|Queens|Bronx|Manhattan|Staten Island|
Ann Arbor|Akron|Dayton|Savannah|Charleston|Burlington|Manchester|Portsmouth|Bangor|Trenton|Camden|
Paterson|Allentown|Scranton|Harrisburg|Erie|Wilmington|Dover|Annapolis|Alexandria|Roanoke|
Asheville|Columbia|Augusta|Macon|Montgomery|Jackson|Shreveport|Little Rock|Tulsa|Topeka|
Sioux Falls|Fargo|Billings|Cheyenne|Provo|Ogden|Flagstaff|Santa Fe|Eugene|Salem|Bellevue|
Cook County|Harris County|Maricopa County|Orange County|Kings County|Dade County|Suffolk County|
Middlesex County|Essex County|Worcester County|Norfolk County|Bristol County|Plymouth County
`.split('|').map((p) => p.trim()).filter(Boolean);

/** Full US state names: left in the output, and told apart from the cities above. */
export const STATE_NAMES =
  'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico';

/** Capitalised words that are never a name on their own (headings, clinical and common words). */
export const NOT_NAMES: ReadonlySet<string> = new Set(words(`
the a an he she his her hers him they them their patient pt history physical exam examination
plan assessment impression diagnosis diagnoses date dob mrn age sex male female name address phone
fax email discharge admission admitted summary note notes progress follow up chief complaint hpi
ros pmh psh medications medication allergies allergy labs lab results result vitals vital signs
social family surgical medical past present illness review systems general neuro cardiac heart lungs
abdomen extremities skin head neck chest normal abnormal negative positive no yes none denies
reports states seen signed electronically dictated transcribed by on at in of for to from with and
or but is was were has had have be been this that these those here there today tomorrow yesterday
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
hospital clinic center medical health university department unit service emergency room er ed icu
md do rn np pa dds phd mrn ssn id acct account insurance policy member group plan dear sincerely
regards cc attending physician provider nurse surgeon resident fellow doctor dr mr mrs ms miss
street st avenue ave road rd drive dr lane ln boulevard blvd suite apt county city state zip
us usa america american english spanish caucasian african asian hispanic latino white black
disease syndrome sign test score scale type stage grade class level left right bilateral
follow-up followup return call contact please see also per as if when then after before
records record request requests office department team message thank thanks
`));
