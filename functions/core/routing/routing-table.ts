import type { Centre } from '../centres.ts';

export interface AuthorityEntry {
  /** Amtlicher Gemeindeschlüssel of the authority's district or town (5 or 8 digits). */
  ags: string;
  name: string;
  kind: string;
  /** The former government region (Regierungsbezirk), kept for orientation. */
  formerRegion: string;
  /** The centre that counsels this authority's cases by default. */
  centre: Centre;
  note?: string;
}

export interface RoutingTable {
  version: string;
  entries: readonly AuthorityEntry[];
}

/**
 * The foreigners' authorities of Lower Saxony and their default counselling centre. Versioned: the
 * version is stored with every routing decision, so a changed table never rewrites history.
 */
export const routingTable: RoutingTable = {
  version: '2026-11-26.1',
  entries: [
    { ags: '03101', name: 'Stadt Braunschweig', kind: 'kreisfreie Stadt', formerRegion: 'Braunschweig', centre: 'braunschweig' },
    { ags: '03102', name: 'Stadt Salzgitter', kind: 'kreisfreie Stadt', formerRegion: 'Braunschweig', centre: 'braunschweig' },
    { ags: '03103', name: 'Stadt Wolfsburg', kind: 'kreisfreie Stadt', formerRegion: 'Braunschweig', centre: 'braunschweig' },
    { ags: '03151', name: 'Landkreis Gifhorn', kind: 'Landkreis', formerRegion: 'Braunschweig', centre: 'braunschweig' },
    { ags: '03153', name: 'Landkreis Goslar', kind: 'Landkreis', formerRegion: 'Braunschweig', centre: 'braunschweig' },
    { ags: '03154', name: 'Landkreis Helmstedt', kind: 'Landkreis', formerRegion: 'Braunschweig', centre: 'braunschweig' },
    { ags: '03155', name: 'Landkreis Northeim', kind: 'Landkreis', formerRegion: 'Braunschweig', centre: 'braunschweig' },
    { ags: '03157', name: 'Landkreis Peine', kind: 'Landkreis', formerRegion: 'Braunschweig', centre: 'braunschweig' },
    { ags: '03158', name: 'Landkreis Wolfenbüttel', kind: 'Landkreis', formerRegion: 'Braunschweig', centre: 'braunschweig' },
    { ags: '03159', name: 'Landkreis Göttingen', kind: 'Landkreis', formerRegion: 'Braunschweig', centre: 'braunschweig' },
    { ags: '03241', name: 'Region Hannover', kind: 'Region', formerRegion: 'Hannover', centre: 'braunschweig' },
    {
      ags: '03251',
      name: 'Landkreis Diepholz',
      kind: 'Landkreis',
      formerRegion: 'Hannover',
      centre: 'braunschweig',
      note: 'borderline: about as close to Osnabrück',
    },
    { ags: '03252', name: 'Landkreis Hameln-Pyrmont', kind: 'Landkreis', formerRegion: 'Hannover', centre: 'braunschweig' },
    { ags: '03254', name: 'Landkreis Hildesheim', kind: 'Landkreis', formerRegion: 'Hannover', centre: 'braunschweig' },
    { ags: '03255', name: 'Landkreis Holzminden', kind: 'Landkreis', formerRegion: 'Hannover', centre: 'braunschweig' },
    {
      ags: '03256',
      name: 'Landkreis Nienburg (Weser)',
      kind: 'Landkreis',
      formerRegion: 'Hannover',
      centre: 'braunschweig',
      note: 'borderline',
    },
    { ags: '03257', name: 'Landkreis Schaumburg', kind: 'Landkreis', formerRegion: 'Hannover', centre: 'braunschweig' },
    { ags: '03351', name: 'Landkreis Celle', kind: 'Landkreis', formerRegion: 'Lüneburg', centre: 'braunschweig' },
    { ags: '03352', name: 'Landkreis Cuxhaven', kind: 'Landkreis', formerRegion: 'Lüneburg', centre: 'braunschweig', note: 'borderline' },
    { ags: '03353', name: 'Landkreis Harburg', kind: 'Landkreis', formerRegion: 'Lüneburg', centre: 'braunschweig' },
    { ags: '03354', name: 'Landkreis Lüchow-Dannenberg', kind: 'Landkreis', formerRegion: 'Lüneburg', centre: 'braunschweig' },
    {
      ags: '03355',
      name: 'Landkreis Lüneburg',
      kind: 'Landkreis',
      formerRegion: 'Lüneburg',
      centre: 'braunschweig',
      note: "joint foreigners' authority with the Hansestadt Lüneburg since 2011",
    },
    { ags: '03356', name: 'Landkreis Osterholz', kind: 'Landkreis', formerRegion: 'Lüneburg', centre: 'braunschweig', note: 'borderline' },
    { ags: '03357', name: 'Landkreis Rotenburg (Wümme)', kind: 'Landkreis', formerRegion: 'Lüneburg', centre: 'braunschweig' },
    { ags: '03358', name: 'Landkreis Heidekreis', kind: 'Landkreis', formerRegion: 'Lüneburg', centre: 'braunschweig' },
    { ags: '03359', name: 'Landkreis Stade', kind: 'Landkreis', formerRegion: 'Lüneburg', centre: 'braunschweig' },
    { ags: '03360', name: 'Landkreis Uelzen', kind: 'Landkreis', formerRegion: 'Lüneburg', centre: 'braunschweig' },
    { ags: '03361', name: 'Landkreis Verden', kind: 'Landkreis', formerRegion: 'Lüneburg', centre: 'braunschweig', note: 'borderline' },
    { ags: '03401', name: 'Stadt Delmenhorst', kind: 'kreisfreie Stadt', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03402', name: 'Stadt Emden', kind: 'kreisfreie Stadt', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03403', name: 'Stadt Oldenburg (Oldb)', kind: 'kreisfreie Stadt', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03404', name: 'Stadt Osnabrück', kind: 'kreisfreie Stadt', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03405', name: 'Stadt Wilhelmshaven', kind: 'kreisfreie Stadt', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03451', name: 'Landkreis Ammerland', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03452', name: 'Landkreis Aurich', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03453', name: 'Landkreis Cloppenburg', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03454', name: 'Landkreis Emsland', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03455', name: 'Landkreis Friesland', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03456', name: 'Landkreis Grafschaft Bentheim', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03457', name: 'Landkreis Leer', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03458', name: 'Landkreis Oldenburg', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03459', name: 'Landkreis Osnabrück', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03460', name: 'Landkreis Vechta', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03461', name: 'Landkreis Wesermarsch', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    { ags: '03462', name: 'Landkreis Wittmund', kind: 'Landkreis', formerRegion: 'Weser-Ems', centre: 'osnabrueck' },
    {
      ags: '03241001',
      name: 'Landeshauptstadt Hannover',
      kind: 'Stadt mit eigener Ausländerbehörde',
      formerRegion: 'Hannover',
      centre: 'braunschweig',
      note: 'to verify',
    },
    {
      ags: '03159016',
      name: 'Stadt Göttingen',
      kind: 'Stadt mit eigener Ausländerbehörde',
      formerRegion: 'Braunschweig',
      centre: 'braunschweig',
      note: 'to verify',
    },
    {
      ags: '03351006',
      name: 'Stadt Celle',
      kind: 'große selbständige Stadt',
      formerRegion: 'Lüneburg',
      centre: 'braunschweig',
      note: 'own authority separate from Landkreis Celle (celle.de; celleheute.de 2024)',
    },
    {
      ags: '03352011',
      name: 'Stadt Cuxhaven',
      kind: 'große selbständige Stadt',
      formerRegion: 'Lüneburg',
      centre: 'braunschweig',
      note: 'to verify',
    },
    {
      ags: '03153017',
      name: 'Stadt Goslar',
      kind: 'große selbständige Stadt',
      formerRegion: 'Braunschweig',
      centre: 'braunschweig',
      note: 'to verify',
    },
    {
      ags: '03252006',
      name: 'Stadt Hameln',
      kind: 'große selbständige Stadt',
      formerRegion: 'Hannover',
      centre: 'braunschweig',
      note: 'to verify',
    },
    {
      ags: '03254021',
      name: 'Stadt Hildesheim',
      kind: 'große selbständige Stadt',
      formerRegion: 'Hannover',
      centre: 'braunschweig',
      note: 'own authority; Landkreis Hildesheim serves the rest (stadt-hildesheim.de; landkreishildesheim.de)',
    },
    {
      ags: '03454032',
      name: 'Stadt Lingen (Ems)',
      kind: 'große selbständige Stadt',
      formerRegion: 'Weser-Ems',
      centre: 'osnabrueck',
      note: 'likely own authority (lingen.de lists immigration-authority services); to verify',
    },
  ],
};
