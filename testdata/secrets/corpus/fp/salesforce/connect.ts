export const config = {
  clientSecret: process.env.SF_CLIENT_SECRET,
  clientSecretMinLength: 8,
  port: 8443,
  tokenTtlMs: 1700000000000,
  clientId: 1234567890123456,
  consumerSecret: "1234567890123456789",
  client_secret_expires_at: 1735689600,
};
