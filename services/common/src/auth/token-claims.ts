/** What every Lynk access token claims; auth signs with these and the edge and services check them. */
export const accessTokenIssuer = 'https://lynk.local/auth';
export const accessTokenAudience = 'lynk';
