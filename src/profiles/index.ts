// Profiles (issue 14): several ChatGPT sign-ins on one machine, switched without signing in again.
// What cli/ and auth/ use of this room.
export { checkProfileName, isValidProfileName } from './name.js';
export { createProfileContext, type ProfileContext, type CreateProfileContextOptions } from './context.js';
export { saveProfile, type SaveResult } from './save.js';
export { useProfile, type UseResult } from './use.js';
export { removeProfile, type RemoveResult } from './remove.js';
export { listProfiles, type ProfileListEntry } from './list.js';
export { ParkedProfileStore } from './parked.js';
