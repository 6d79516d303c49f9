import jsforce from "jsforce";

export const oauth2 = new jsforce.OAuth2({
  loginUrl: "https://login.salesforce.com",
  clientId: "3MVG9lKcPoNINVBKV6EgVJiF.snSDwh6_2wSS7BrOhHGEJkC_Kz8LZmHNfS3lbe4ZbV8bNvjPcYHqYb9RRwXq",
  clientSecret: "8135862393616938234",
  redirectUri: "https://app.corp-intra.net/oauth/callback",
});
