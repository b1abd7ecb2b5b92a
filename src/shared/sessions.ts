// Team-mode session limits: the defaults the core applies and the range a setting may take,
// shared by the contract's schema, the core and the Settings page.
export const SESSION_IDLE_MINUTES = { default: 60, min: 5, max: 7 * 24 * 60 } as const;
export const SESSION_MAX_HOURS = { default: 12, min: 1, max: 90 * 24 } as const;
