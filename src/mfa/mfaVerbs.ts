/** Verbs of the MFA report card's buttons (admins only). */
export const MFA_VERBS = {
  remind: 'mfa.remind',
  refresh: 'mfa.refresh',
} as const;
