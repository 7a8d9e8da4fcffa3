/** A Redis URL as the log and the start lines show it: scheme, host and port, never the user or the password. */
export const redisAddress = (url: URL): string => `${url.protocol}//${url.hostname}:${url.port || '6379'}`;
