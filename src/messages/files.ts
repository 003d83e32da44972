// Messages about files we read or write that are not what they should be: special files in place
// of auth.json, config.toml or a CA bundle; oversized files; links to files that are not ours.
// (The official binary has no such texts: it hangs on a FIFO and follows any link.)

export const FILES = {
  /** In place of the OS error text when a path names a FIFO, socket or device. */
  notRegular: (what: string) => `not a regular file (it is a ${what}); codex-auth reads and writes only regular files`,
  tooLarge: (bytes: number, max: number) => `file is too large (${bytes} bytes; at most ${max} bytes are read)`,
  /** auth.json is a link, and what it points to is not a credential file of ours. */
  linkTargetNotOurs: (link: string, target: string, why: string) =>
    `refusing to write credentials through the symlink ${link}: its target ${target} ${why}; remove the link or point it at an auth.json file`,
  targetNotRegular: 'is not a regular file',
  targetNotOwned: 'is owned by another user',
  targetNotAuthJson: 'is not an auth.json document',
  targetNotNamedAuthJson: 'does not exist and has no .json name',
  /** Refusing to save what could not be read back. */
  credentialsTooLarge: (bytes: number, max: number) =>
    `the credentials are too large to store (${bytes} bytes; at most ${max}); nothing was changed`,
} as const;
