export const salesforce = {
  clientId: process.env.SF_CLIENT_ID,
  clientSecret: "7391846205738194620",
};
