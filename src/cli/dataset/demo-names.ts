/** Fictitious people and places for demo and benchmark data (the only place Chambéry appears). */
export const FIRST_NAMES = [
  'Inès', 'Yanis', 'Lina', 'Noah', 'Jade', 'Adam', 'Léa', 'Rayan', 'Chloé', 'Ilyes', 'Manon', 'Nathan', 'Sarah', 'Mohamed',
  'Camille', 'Lucas', 'Emma', 'Sofiane', 'Louise', 'Hugo', 'Aya', 'Théo', 'Maëlys', 'Kylian', 'Nour', 'Enzo', 'Zoé', 'Bilal',
  'Clara', 'Mathis', 'Anaïs', 'Yasmine', 'Tom', 'Océane', 'Ayoub', 'Lou', 'Mehdi', 'Romane', 'Ethan', 'Amel',
] as const;

export const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent',
  'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier',
  'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand', 'Benali', 'Haddad', 'Diallo', 'Nguyen', 'Traoré',
  'Rossi', 'Da Silva', 'Ferreira', 'Mansouri', 'Chevalier', 'Blanc', 'Guerin', 'Boyer', 'Gauthier', 'Perrin', 'Rey',
] as const;

export const PARTNERS = [
  { name: 'École numérique des Hauts-de-Chambéry', kind: 'training' },
  { name: 'Mission locale jeunes Chambéry', kind: 'insertion' },
  { name: 'France Travail Chambéry', kind: 'public' },
  { name: 'Bureau information jeunesse', kind: 'public' },
  { name: 'Collège Louise de Savoie', kind: 'school' },
  { name: 'Association Les Bricoleurs du Biollay', kind: 'association' },
] as const;

export const MACHINES = [
  { code: 'IMP3D-01', name: 'Imprimante 3D Prusa MK4 n°1', category: 'fdm_printer', location: 'Atelier 3D' },
  { code: 'IMP3D-02', name: 'Imprimante 3D Prusa MK4 n°2', category: 'fdm_printer', location: 'Atelier 3D' },
  { code: 'RES-01', name: 'Imprimante résine Formlabs', category: 'resin_printer', location: 'Atelier 3D' },
  { code: 'LASER-01', name: 'Découpe laser Trotec 60 W', category: 'laser_cutter', location: 'Atelier bois' },
  { code: 'CNC-01', name: 'Fraiseuse numérique Shaper', category: 'cnc_router', location: 'Atelier bois' },
  { code: 'VINYLE-01', name: 'Plotter de découpe vinyle', category: 'vinyl_cutter', location: 'Atelier textile' },
  { code: 'BRODE-01', name: 'Brodeuse numérique', category: 'embroidery', location: 'Atelier textile' },
  { code: 'ELEC-01', name: 'Poste électronique et soudure', category: 'electronics', location: 'Atelier électronique' },
] as const;
