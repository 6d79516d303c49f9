export const oauth = {
  clientId: "3MVG9lKcPoNINVBIPJjdw1J9LLM82HnFVVX19KY1uA5mu0QqEWhqKpoW3svG3X",
  clientSecret: "C7E1B9D4F6A0C5E8B2D7F1A3C9E8F3A2C7E1B9D4F6A0C5E8B2D7F1A3C9E8F3A2",
  redirectUri: window.location.origin + "/callback",
};
