// Messages of `codex-auth login` and its variants (stderr unless said otherwise).
export const LOGIN = {
  successfullyLoggedIn: 'Successfully logged in',
} as const;
