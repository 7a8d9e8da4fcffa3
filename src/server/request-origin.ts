import type { Request } from 'express';

/**
 * The origin a request was made to, as the line writes it into its own URLs and plays recordings
 * from: PUBLIC_BASE_URL when set (Twilio calls that address), else the one the request arrived at.
 */
export const requestOrigin = (req: Request, publicBaseUrl: URL | undefined): string => publicBaseUrl?.origin ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
