/**
 * Sovereign states by ISO 3166-1 alpha-3 code: the 193 UN member states and the Holy See (VAT), as the
 * npm package world-countries (mledoze/countries, ODbL) marks them `independent: true`. Kept here as a
 * constant so that the Lambda bundles do not carry the package's data; test/unit/schemas/state-codes.test.ts
 * fails when the package's list changes.
 */
export const SOVEREIGN_STATES: readonly string[] = (
  'AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ BOL BRA BRB ' +
  'BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK DOM DZA ' +
  'ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB GNB GNQ GRC GRD GTM GUY HND HRV HTI ' +
  'HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA ' +
  'LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM ' +
  'NER NGA NIC NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY QAT ROU RUS RWA SAU SDN ' +
  'SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO ' +
  'TUN TUR TUV TZA UGA UKR URY USA UZB VAT VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE'
).split(' ');

/**
 * Entities that world-countries does not mark independent but whose people hold a nationality and travel
 * documents of their own: Taiwan (TWN) and Palestine (PSE), both with their own codes in ICAO Doc 9303
 * (machine-readable travel documents, part 3) and Germany's Staatsangehörigkeitsschlüssel.
 */
export const NATIONALITIES_BEYOND_STATES: readonly string[] = ['PSE', 'TWN'];

/**
 * Codes beyond ISO 3166-1 used on travel and residence documents: ICAO Doc 9303 XXA stateless,
 * XXB refugee (1951 Convention), XXC refugee (other), XXX unspecified nationality, and XKX Kosovo
 * (the user-assigned code the EU and ICAO use).
 */
export const EXTRA_NATIONALITY_CODES = ['XKX', 'XXA', 'XXB', 'XXC', 'XXX'] as const;

/**
 * What `nationalities` accepts (CONTRACT.md: states, not territories without a nationality of their own):
 * the states, TWN, PSE, XKX and ICAO XXA/XXB/XXC/XXX. A territory is refused: people of Aruba (ABW) or
 * Puerto Rico (PRI) are Dutch or US nationals, of Hong Kong (HKG) or Macao (MAC) Chinese (their passports
 * say CHN), and Antarctica (ATA) has no people; the state's code is the nationality.
 */
export const NATIONALITY_CODES: ReadonlySet<string> = new Set([
  ...SOVEREIGN_STATES,
  ...NATIONALITIES_BEYOND_STATES,
  ...EXTRA_NATIONALITY_CODES,
]);

/**
 * What `targetCountry` (the country a person returns to) accepts: a state as for nationalities (TWN, PSE
 * and XKX included), never a status code (XXA...) nor a territory: a return to Hong Kong is a return to CHN,
 * to Aruba one to NLD.
 */
export const RETURN_TARGET_CODES: ReadonlySet<string> = new Set([...SOVEREIGN_STATES, ...NATIONALITIES_BEYOND_STATES, 'XKX']);
