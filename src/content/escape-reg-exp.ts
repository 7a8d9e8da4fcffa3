/** Text to be matched as itself inside a RegExp: every character a pattern gives a meaning is escaped. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
