export const oauth = {
  clientId: process.env.OAUTH_CLIENT_ID,
  clientSecret: process.env.OAUTH_CLIENT_SECRET,
  apiKey: "YOUR_API_KEY_HERE",
};
