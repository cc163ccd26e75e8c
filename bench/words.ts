/**
 * Word lists for the synthetic course: French-like and English prose made of
 * plausible training-manual vocabulary. Sentences are built from function
 * words and content words so that line breaking, hyphenation and French
 * typography work on text that looks like the real thing.
 */

export interface Lexicon {
  /** Articles, prepositions, conjunctions: short, frequent. */
  functionWords: string[];
  /** Nouns, verbs, adjectives, adverbs: the bulk of the text. */
  contentWords: string[];
  /** Words to start a sentence with (capitalized by the generator). */
  openers: string[];
  /** Connectives for lists and headings. */
  headingWords: string[];
}

// Word lists packed to the line width, not one word a line:
// prettier-ignore
export const FRENCH: Lexicon = {
  functionWords: [
    'le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'au', 'aux', 'et', 'ou', 'mais', 'donc', 'car', 'pour',
    'par', 'dans', 'sur', 'sous', 'avec', 'sans', 'entre', 'vers', 'chez', 'selon', 'qui', 'que', 'dont', 'où',
    'ce', 'cette', 'ces', 'son', 'sa', 'ses', 'leur', 'leurs', 'notre', 'chaque', 'tout', 'toute', 'tous',
    'plus', 'moins', 'très', 'aussi', 'encore', 'déjà', 'ainsi', 'alors', 'puis', 'est', 'sont', 'a', 'ont',
    "l'", "d'", "qu'", 'ne', 'pas', 'se', 'en', 'y',
  ],
  contentWords: [
    'institution', 'microfinance', 'gouvernance', 'conseil', 'direction', 'agence', 'agent', 'client', 'cliente',
    'emprunteur', 'épargne', 'crédit', 'prêt', 'échéance', 'remboursement', 'portefeuille', 'risque', 'retard',
    'provision', 'garantie', 'caution', 'groupe', 'membre', 'réunion', 'comité', 'décision', 'analyse', 'visite',
    'activité', 'ménage', 'revenu', 'dépense', 'trésorerie', 'bilan', 'résultat', 'charge', 'produit', 'marge',
    'taux', 'intérêt', 'commission', 'coût', 'budget', 'plan', 'stratégie', 'objectif', 'indicateur', 'ratio',
    'tableau', 'rapport', 'contrôle', 'audit', 'procédure', 'politique', 'règle', 'manuel', 'formation',
    'personnel', 'responsable', 'superviseur', 'autorité', 'réglementation', 'transparence', 'protection',
    'plainte', 'confidentialité', 'information', 'système', 'logiciel', 'donnée', 'fichier', 'registre',
    'caisse', 'coffre', 'transfert', 'paiement', 'banque', 'partenaire', 'bailleur', 'financement', 'capital',
    'solvabilité', 'liquidité', 'rentabilité', 'viabilité', 'croissance', 'concurrence', 'marché', 'produit',
    'saisonnalité', 'récolte', 'commerce', 'artisanat', 'élevage', 'village', 'quartier', 'région',
    'analyser', 'décider', 'vérifier', 'contrôler', 'mesurer', 'calculer', 'comparer', 'suivre', 'rembourser',
    'emprunter', 'épargner', 'financer', 'approuver', 'rédiger', 'présenter', 'discuter', 'former', 'recruter',
    'protéger', 'informer', 'réduire', 'renforcer', 'améliorer', 'organiser', 'planifier', 'évaluer',
    'prudent', 'rigoureux', 'régulier', 'mensuel', 'annuel', 'financier', 'opérationnel', 'stratégique',
    'solidaire', 'individuel', 'collectif', 'rural', 'urbain', 'durable', 'fiable', 'clair', 'précis',
    'important', 'essentiel', 'fréquent', 'rapide', 'lent', 'élevé', 'faible', 'moyen', 'nouveau', 'ancien',
    'interne', 'externe', 'principal', 'secondaire', 'raisonnable', 'excessif', 'suffisant', 'insuffisant',
    'régulièrement', 'rapidement', 'clairement', 'généralement', 'notamment', 'progressivement', 'souvent',
    'rarement', 'toujours', 'parfois', 'ensemble', 'directement', 'mensuellement', 'prudemment',
    'responsabilité', 'accompagnement', 'recouvrement', 'rééchelonnement', 'provisionnement', 'décaissement',
    'surendettement', 'professionnalisation', 'institutionnalisation', 'réglementaire', 'comptabilité',
  ],
  openers: [
    'Le', 'La', 'Les', 'Un', 'Une', 'Chaque', 'Cette', 'Dans', 'Pour', 'Selon', 'Ainsi', 'En', 'Par', 'Au',
    'Lorsque', 'Toute', 'Tout', 'Enfin', 'Ensuite', "L'", 'Certaines', 'Plusieurs',
  ],
  headingWords: [
    'Le', 'rôle', 'du', 'conseil', 'les', 'risques', 'de', 'crédit', 'la', 'mesure', 'des', 'performances',
    'suivi', 'portefeuille', 'politique', 'épargne', 'protection', 'clients', 'contrôle', 'interne', 'plan',
    'affaires', 'budget', 'annuel', 'gestion', 'trésorerie', 'analyse', 'demande', 'comité', 'agence',
    'procédures', 'ressources', 'humaines', 'formation', 'agents', 'système', 'information', 'indicateurs',
  ],
};

// prettier-ignore
export const ENGLISH: Lexicon = {
  functionWords: [
    'the', 'a', 'an', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'by', 'from', 'and', 'or', 'but', 'so',
    'because', 'while', 'when', 'which', 'that', 'who', 'whose', 'where', 'this', 'these', 'those', 'its',
    'their', 'our', 'each', 'every', 'all', 'more', 'less', 'very', 'also', 'still', 'already', 'then', 'thus',
    'is', 'are', 'was', 'has', 'have', 'can', 'should', 'must', 'may', 'not', 'into', 'between', 'within',
  ],
  contentWords: [
    'institution', 'microfinance', 'governance', 'board', 'management', 'branch', 'officer', 'client',
    'borrower', 'savings', 'credit', 'loan', 'instalment', 'repayment', 'portfolio', 'risk', 'arrears',
    'provision', 'collateral', 'guarantee', 'group', 'member', 'meeting', 'committee', 'decision', 'analysis',
    'visit', 'business', 'household', 'income', 'expense', 'cash', 'balance', 'result', 'cost', 'revenue',
    'margin', 'rate', 'interest', 'fee', 'budget', 'plan', 'strategy', 'objective', 'indicator', 'ratio',
    'table', 'report', 'control', 'audit', 'procedure', 'policy', 'rule', 'manual', 'training', 'staff',
    'supervisor', 'authority', 'regulation', 'transparency', 'protection', 'complaint', 'privacy',
    'information', 'system', 'software', 'data', 'file', 'register', 'vault', 'transfer', 'payment', 'bank',
    'partner', 'donor', 'funding', 'capital', 'solvency', 'liquidity', 'profitability', 'sustainability',
    'growth', 'competition', 'market', 'product', 'seasonality', 'harvest', 'trade', 'crafts', 'livestock',
    'village', 'district', 'region', 'analyse', 'decide', 'check', 'monitor', 'measure', 'calculate',
    'compare', 'follow', 'repay', 'borrow', 'save', 'finance', 'approve', 'draft', 'present', 'discuss',
    'train', 'recruit', 'protect', 'inform', 'reduce', 'strengthen', 'improve', 'organise', 'plan', 'assess',
    'prudent', 'rigorous', 'regular', 'monthly', 'annual', 'financial', 'operational', 'strategic', 'joint',
    'individual', 'collective', 'rural', 'urban', 'sustainable', 'reliable', 'clear', 'precise', 'important',
    'essential', 'frequent', 'rapid', 'slow', 'high', 'low', 'average', 'new', 'former', 'internal',
    'external', 'main', 'secondary', 'reasonable', 'excessive', 'sufficient', 'insufficient', 'regularly',
    'quickly', 'clearly', 'generally', 'notably', 'gradually', 'often', 'rarely', 'always', 'sometimes',
    'together', 'directly', 'monthly', 'prudently', 'accountability', 'disbursement', 'rescheduling',
    'provisioning', 'overindebtedness', 'professionalisation', 'institutionalisation', 'accounting',
  ],
  openers: [
    'The', 'A', 'Each', 'Every', 'This', 'These', 'In', 'For', 'According', 'Thus', 'By', 'When', 'Most',
    'Some', 'Several', 'Finally', 'Then', 'Any', 'Good', 'Experience',
  ],
  headingWords: [
    'The', 'role', 'of', 'the', 'board', 'credit', 'risk', 'measuring', 'performance', 'monitoring',
    'portfolio', 'savings', 'policy', 'client', 'protection', 'internal', 'control', 'business', 'plan',
    'annual', 'budget', 'cash', 'management', 'loan', 'analysis', 'committee', 'branch', 'procedures',
    'human', 'resources', 'training', 'officers', 'information', 'system', 'indicators',
  ],
};
