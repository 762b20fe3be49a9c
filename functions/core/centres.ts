/** The two counselling centres of LAB NI for voluntary return. */
export const CENTRES = ['braunschweig', 'osnabrueck'] as const;
export type Centre = (typeof CENTRES)[number];

export function isCentre(value: string): value is Centre {
  return (CENTRES as readonly string[]).includes(value);
}
