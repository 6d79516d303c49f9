export const salesforce = {
  clientSecret: process.env.SF_CLIENT_SECRET,
  clientSecretIssuedAt: 1735689600123,
  port: 8443,
  consumerSecret: "1234567890123456789",
};
