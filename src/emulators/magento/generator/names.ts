// Name pools: mostly ordinary names, plus the ones that break naive code (accents, Japanese, Arabic, very long).

export interface PersonName {
  firstname: string;
  lastname: string;
  /** An ASCII form for the e-mail address. */
  ascii: string;
}

const FIRST = ['Jane', 'John', 'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sophia', 'Mason', 'Amelia', 'Oliver', 'Harper', 'Elijah', 'Charlotte', 'James', 'Grace', 'Henry'];
const LAST = ['Doe', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Anderson', 'Thomas', 'Jackson', 'White', 'Harris', 'Martin', 'Thompson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker'];

export const AWKWARD_NAMES: readonly PersonName[] = [
  { firstname: 'José', lastname: 'Martínez Núñez', ascii: 'jose.martinez' },
  { firstname: '太郎', lastname: '山田', ascii: 'taro.yamada' },
  { firstname: 'محمد', lastname: 'العلي', ascii: 'mohammed.alali' },
  { firstname: 'Zoë', lastname: 'Ångström-Ødegård', ascii: 'zoe.angstrom' },
  {
    firstname: 'Maximiliana-Alexandrina Philippa',
    lastname: 'von Hohenzollern-Sigmaringen-Wittelsbach',
    ascii: 'maximiliana.vonhohenzollern',
  },
  { firstname: 'François', lastname: 'Lefèvre', ascii: 'francois.lefevre' },
  { firstname: 'Siobhán', lastname: "O'Connor", ascii: 'siobhan.oconnor' },
  { firstname: 'Юлия', lastname: 'Иванова', ascii: 'yulia.ivanova' },
];

export const COMPANIES = [
  'Acme Trading Ltd',
  'Globex Corporation',
  'Müller & Söhne GmbH',
  'Initech LLC',
  'Blue Mountain Yoga Studio Pty Ltd',
  'Northwind Traders',
  'Café Lumière SARL',
];

export function ordinaryName(pick: <T>(items: readonly T[]) => T): PersonName {
  const firstname = pick(FIRST);
  const lastname = pick(LAST);
  return { firstname, lastname, ascii: `${firstname}.${lastname}`.toLowerCase() };
}
